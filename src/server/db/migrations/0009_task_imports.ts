import { type Kysely, sql } from "kysely";
import type { Dialect } from "../connection.ts";

/**
 * Task imports. An uploaded file is read into staging rows (`task_import_rows`: one per data row, the task
 * it makes or, for an invalid row, its cells as uploaded) and errors (`task_import_errors`, numbered for
 * paging); the import itself (`task_imports`) keeps the file's facts, progress and counts. Committing creates
 * the tasks from the valid staging rows: each task remembers its import (`tasks.import_id`), and a big
 * commit writes its tasks invisible (`tasks.visible` = 0) and shows them in one final statement.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const time = dialect === "postgres" ? "timestamptz" : "text";
  const date = dialect === "postgres" ? "date" : "text";

  await db.schema
    .createTable("task_imports")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("company_id", "text", (c) => c.notNull().references("companies.id").onDelete("cascade"))
    .addColumn("created_by", "text", (c) => c.notNull().references("users.id"))
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("file_name", "text", (c) => c.notNull())
    .addColumn("file_kind", "text")
    .addColumn("file_size", "bigint", (c) => c.notNull())
    .addColumn("file_sha256", "text", (c) => c.notNull())
    .addColumn("encoding", "text")
    .addColumn("delimiter", "text")
    .addColumn("progress_done", "bigint", (c) => c.notNull().defaultTo(0))
    .addColumn("progress_total", "bigint", (c) => c.notNull().defaultTo(0))
    .addColumn("total_rows", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("valid_rows", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("invalid_rows", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("duplicate_rows", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("error_count", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("same_file_as", "text")
    .addColumn("warnings", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("error", "text")
    .addColumn("header", "text")
    .addColumn("created_at", time, (c) => c.notNull())
    .addColumn("updated_at", time, (c) => c.notNull())
    .addColumn("committed_at", time)
    .addColumn("created_tasks", "integer")
    .addColumn("invited_contractors", "integer")
    .execute();
  await db.schema
    .createIndex("task_imports_company_id")
    .on("task_imports")
    .columns(["company_id", "id"])
    .execute();
  await db.schema
    .createIndex("task_imports_company_file")
    .on("task_imports")
    .columns(["company_id", "file_sha256", "status"])
    .execute();
  await db.schema
    .createIndex("task_imports_status_updated")
    .on("task_imports")
    .columns(["status", "updated_at"])
    .execute();

  await db.schema
    .createTable("task_import_rows")
    .addColumn("import_id", "text", (c) => c.notNull().references("task_imports.id").onDelete("cascade"))
    .addColumn("row_number", "integer", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("contractor_email", "text")
    .addColumn("contractor_name", "text")
    .addColumn("title", "text")
    .addColumn("description", "text")
    .addColumn("amount_minor", "bigint")
    .addColumn("currency", "text")
    .addColumn("deadline", date)
    .addColumn("project", "text")
    .addColumn("external_id", "text")
    .addColumn("cells", "text")
    .addPrimaryKeyConstraint("task_import_rows_pk", ["import_id", "row_number"])
    .execute();
  await db.schema
    .createIndex("task_import_rows_status")
    .on("task_import_rows")
    .columns(["import_id", "status", "row_number"])
    .execute();

  await db.schema
    .createTable("task_import_errors")
    .addColumn("import_id", "text", (c) => c.notNull().references("task_imports.id").onDelete("cascade"))
    .addColumn("seq", "integer", (c) => c.notNull())
    .addColumn("row_number", "integer", (c) => c.notNull())
    .addColumn("column_name", "text")
    .addColumn("message", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("task_import_errors_pk", ["import_id", "seq"])
    .execute();

  await db.schema
    .alterTable("tasks")
    .addColumn("import_id", "text", (c) => c.references("task_imports.id"))
    .execute();
  await db.schema
    .alterTable("tasks")
    .addColumn("visible", "integer", (c) => c.notNull().defaultTo(1))
    .execute();
  await sql`create index tasks_import on tasks (import_id) where import_id is not null`.execute(db);
}
