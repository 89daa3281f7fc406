/** Reads of task imports. They take a database handle and never write. */
import type { Kysely, Selectable } from "kysely";
import { IMPORT_ERRORS_PAGE } from "../../common/imports/limits.ts";
import { formatMoney } from "../../common/money.ts";
import type { ImportError, ImportRow as ImportRowWire } from "../../common/wire/imports.ts";
import type { Page } from "../../common/wire/page.ts";
import type { DB, TaskImportsTable } from "../db/types.ts";
import { notFound } from "../http/problem.ts";

export type ImportRecord = Selectable<TaskImportsTable>;

/** The company's import, or 404: another company's id answers as if it did not exist. */
export async function findImportRecord(db: Kysely<DB>, companyId: string, id: string): Promise<ImportRecord> {
  const row = await db
    .selectFrom("task_imports")
    .selectAll()
    .where("company_id", "=", companyId)
    .where("id", "=", id)
    .executeTakeFirst();
  if (!row) throw notFound("This import");
  return row;
}

/** Errors in row order, `limit` after the cursor (the last error's number). */
export async function listImportErrors(
  db: Kysely<DB>,
  importId: string,
  cursor: number,
  limit: number = IMPORT_ERRORS_PAGE,
): Promise<Page<ImportError> & { lastSeq: number }> {
  const rows = await db
    .selectFrom("task_import_errors")
    .select(["seq", "row_number", "column_name", "message"])
    .where("import_id", "=", importId)
    .where("seq", ">", cursor)
    .orderBy("seq")
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({ row: r.row_number, column: r.column_name, message: r.message })),
    nextCursor: rows.length > limit && last ? String(last.seq) : null,
    lastSeq: last?.seq ?? cursor,
  };
}

/** The company's imports, newest first. */
export async function listImportRecords(
  db: Kysely<DB>,
  companyId: string,
  cursor: string | undefined,
  limit: number,
): Promise<{ rows: ImportRecord[]; nextCursor: string | null }> {
  let query = db.selectFrom("task_imports").selectAll().where("company_id", "=", companyId);
  if (cursor) query = query.where("id", "<", cursor);
  const rows = await query
    .orderBy("id", "desc")
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  return { rows: page, nextCursor: rows.length > limit ? (page[page.length - 1]?.id ?? null) : null };
}

/** An earlier import of the same bytes that was imported (committed), if any. */
export async function findSameFile(
  db: Kysely<DB>,
  companyId: string,
  sha256: string,
): Promise<string | null> {
  const row = await db
    .selectFrom("task_imports")
    .select("id")
    .where("company_id", "=", companyId)
    .where("file_sha256", "=", sha256)
    .where("status", "in", ["done", "committing"])
    .orderBy("id", "desc")
    .executeTakeFirst();
  return row?.id ?? null;
}

export const IMPORT_ROWS_PAGE = 50;

/** The rows that will make tasks (or, with `duplicate`, those skipped), in file order, after the cursor row. */
export async function listImportRows(
  db: Kysely<DB>,
  importId: string,
  status: "valid" | "duplicate",
  cursor: number,
  limit: number = IMPORT_ROWS_PAGE,
): Promise<Page<ImportRowWire>> {
  const rows = await db
    .selectFrom("task_import_rows")
    .selectAll()
    .where("import_id", "=", importId)
    .where("status", "=", status)
    .where("row_number", ">", cursor)
    .orderBy("row_number")
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({
      row: r.row_number,
      status,
      contractorEmail: r.contractor_email ?? "",
      contractorName: r.contractor_name,
      title: r.title ?? "",
      description: r.description ?? "",
      amount: formatMoney({ minor: Number(r.amount_minor ?? 0), currency: r.currency ?? "" }),
      currency: r.currency ?? "",
      deadline: r.deadline,
      project: r.project,
      externalId: r.external_id,
    })),
    nextCursor: rows.length > limit && last ? String(last.row_number) : null,
  };
}
