import type { Kysely } from "kysely";
import type { Dialect } from "../connection.ts";

/**
 * Not a spam cannon: a company's invitation and task emails are held (status `held`) until its owner confirms
 * their address. Each such email names its company, so that confirming releases them at once.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable("outbox_emails").addColumn("company_id", "text").execute();
  await db.schema
    .createIndex("outbox_emails_company_status")
    .on("outbox_emails")
    .columns(["company_id", "status"])
    .execute();
}
