import type { Kysely } from "kysely";
import type { Dialect } from "../connection.ts";

/**
 * Documents (money.md, "Documents"): acts of acceptance and monthly statements, issued once and never changed.
 *
 * - `documents`: one row per issued PDF, its bytes kept as issued (`pdf`), numbered per kind and year from
 *   `document_counters` in the transaction that stores it. `side` and its owner (`company_id` or
 *   `contractor_user_id`) say who may download it; `issue_key` (`act:company:<taskId>`,
 *   `statement:contractor:<userId>:2026-11`) makes issuing the same paper twice impossible.
 * - `statement_runs`: finance's issuing of a month's statements, done by a job with its progress.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const time = dialect === "postgres" ? "timestamptz" : "text";
  const bytes = dialect === "postgres" ? "bytea" : "blob";

  await db.schema
    .createTable("documents")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("number", "text", (c) => c.notNull().unique())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("side", "text", (c) => c.notNull())
    .addColumn("company_id", "text")
    .addColumn("contractor_user_id", "text")
    .addColumn("task_id", "text")
    // `2026-11`: the statement's month, or the month an act was issued in (the list's month filter).
    .addColumn("month", "text", (c) => c.notNull())
    .addColumn("period", "text")
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("issue_key", "text", (c) => c.notNull().unique())
    .addColumn("pdf", bytes, (c) => c.notNull())
    .addColumn("created_at", time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("documents_company").on("documents").columns(["company_id", "id"]).execute();
  await db.schema
    .createIndex("documents_contractor")
    .on("documents")
    .columns(["contractor_user_id", "id"])
    .execute();

  await db.schema
    .createTable("statement_runs")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("period", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("total", "integer", (c) => c.notNull())
    .addColumn("issued", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("skipped", "integer", (c) => c.notNull().defaultTo(0))
    // The last side written (`company:<id>` / `contractor:<id>`, in order): a stopped job resumes after it.
    .addColumn("cursor", "text")
    .addColumn("requested_by", "text")
    .addColumn("job_id", "text", (c) => c.notNull())
    .addColumn("error", "text")
    .addColumn("created_at", time, (c) => c.notNull())
    .addColumn("finished_at", time)
    .execute();
  await db.schema
    .createIndex("statement_runs_period")
    .on("statement_runs")
    .columns(["period", "id"])
    .execute();
}
