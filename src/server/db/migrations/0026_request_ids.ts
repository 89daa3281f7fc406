import type { Kysely } from "kysely";
import type { Dialect } from "../connection.ts";

/**
 * The request that caused an email or a job (its X-Request-Id), so the worker that sends or runs it later
 * logs the same id and one search of the logs follows a request to the mail and work it caused.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable("outbox_emails").addColumn("request_id", "text").execute();
  await db.schema.alterTable("jobs").addColumn("request_id", "text").execute();
}
