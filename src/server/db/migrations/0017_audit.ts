import type { Kysely } from "kysely";
import type { Dialect } from "../connection.ts";

/**
 * The audit trail: who did what and when, through which door (the web, an API token, the support console,
 * the operator's finance staff, the app itself). A company's entries carry its id; the operator's own trail
 * (finance recording a top-up, a payout batch) has none. Entries are written in the transaction of the
 * change they record and never changed.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const time = dialect === "postgres" ? "timestamptz" : "text";
  await db.schema
    .createTable("audit_entries")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("company_id", "text", (c) => c.references("companies.id").onDelete("cascade"))
    .addColumn("at", time, (c) => c.notNull())
    .addColumn("actor_user_id", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("door", "text", (c) => c.notNull())
    .addColumn("token_id", "text")
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("subject_type", "text", (c) => c.notNull())
    .addColumn("subject_id", "text")
    .addColumn("summary", "text", (c) => c.notNull())
    .addColumn("details", "text")
    .execute();
  // A company's log, newest first, filtered by action; the operator's trail (company_id null) the same way.
  await db.schema
    .createIndex("audit_entries_company")
    .on("audit_entries")
    .columns(["company_id", "id"])
    .execute();
  await db.schema
    .createIndex("audit_entries_company_action")
    .on("audit_entries")
    .columns(["company_id", "action", "id"])
    .execute();
}
