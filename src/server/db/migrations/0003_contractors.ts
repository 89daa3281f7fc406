import type { Kysely } from "kysely";
import type { Dialect } from "../connection.ts";

/**
 * Contractors: a log of invitations sent per company (the hourly limit sums it over an index), the list's
 * "newest first, removed hidden" order on an index, and the outbox worker's way back to a contractor.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const time = dialect === "postgres" ? "timestamptz" : "text";

  await db.schema
    .createTable("invitation_log")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("company_id", "text", (c) => c.notNull().references("companies.id").onDelete("cascade"))
    .addColumn("at", time, (c) => c.notNull())
    .addColumn("count", "integer", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("invitation_log_company_at")
    .on("invitation_log")
    .columns(["company_id", "at", "count"])
    .execute();

  await db.schema
    .createIndex("contractors_company_id")
    .on("contractors")
    .columns(["company_id", "id"])
    .execute();
  await db.schema
    .createIndex("contractors_invitation_email")
    .on("contractors")
    .column("invitation_email_id")
    .execute();
}
