import type { Kysely } from "kysely";
import type { Dialect } from "../connection.ts";

/**
 * Tasks: the submitted result, a per-company number counter (numbers are 1, 2, 3… in each company, and two
 * tasks created at once never share one), and the index the contractor filter of a long list needs.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable("tasks").addColumn("result_text", "text").execute();
  await db.schema.alterTable("tasks").addColumn("result_link", "text").execute();

  await db.schema
    .createTable("task_counters")
    .addColumn("company_id", "text", (c) => c.primaryKey().references("companies.id").onDelete("cascade"))
    .addColumn("last_number", "integer", (c) => c.notNull())
    .execute();

  // "Status + contractor" on a company of a million tasks: walk one contractor's tasks of one status by id.
  await db.schema
    .createIndex("tasks_contractor_status")
    .on("tasks")
    .columns(["contractor_id", "status", "id"])
    .execute();
}
