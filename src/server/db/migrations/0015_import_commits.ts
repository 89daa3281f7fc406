import type { Kysely } from "kysely";
import type { Dialect } from "../connection.ts";

/**
 * Committing a task import. The import remembers how it is committed (`commit_send`: offer the tasks, not
 * only draft them), who asked (`committed_by`), how far its job has written (`commit_cursor`: the last staged
 * row number written as a task, in the same transaction as the tasks), whether its contractors are invited
 * (`contractors_ready`, `invite_cursor`: the last address invited, in order) and, at the end, how many sent tasks could not be funded (`unfunded_tasks`) and
 * how many rows were skipped because a task took their External ID meanwhile (`skipped_rows`).
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable("task_imports").addColumn("commit_send", "integer").execute();
  await db.schema.alterTable("task_imports").addColumn("committed_by", "text").execute();
  await db.schema
    .alterTable("task_imports")
    .addColumn("commit_cursor", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable("task_imports")
    .addColumn("contractors_ready", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable("task_imports").addColumn("unfunded_tasks", "integer").execute();
  await db.schema.alterTable("task_imports").addColumn("skipped_rows", "integer").execute();
  await db.schema.alterTable("task_imports").addColumn("job_id", "text").execute();
  // Cursors of the job's other steps: the last address invited, the last contractor whose offers are queued.
  await db.schema.alterTable("task_imports").addColumn("invite_cursor", "text").execute();
  await db.schema.alterTable("task_imports").addColumn("offers_cursor", "text").execute();
}
