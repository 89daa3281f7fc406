/**
 * errors.csv: the import's invalid rows as they were uploaded, under the file's own header, with one more
 * column saying what is wrong (row and column), so the user can fix them and upload the file again.
 */
import type { Kysely } from "kysely";
import type { DB } from "../db/types.ts";
import { csvLine, UTF8_BOM } from "./csv-text.ts";
import type { ImportRecord } from "./queries.ts";

const PAGE = 1_000;

function parseCells(text: string | null): string[] {
  try {
    const value: unknown = JSON.parse(text ?? "[]");
    return Array.isArray(value) ? value.map((v) => (typeof v === "string" ? v : String(v ?? ""))) : [];
  } catch {
    return [];
  }
}

export async function* errorsCsv(db: Kysely<DB>, row: ImportRecord): AsyncGenerator<string> {
  const header = parseCells(row.header);
  yield UTF8_BOM + csvLine([...header, "Errors"]);
  let after = 0;
  for (;;) {
    const rows = await db
      .selectFrom("task_import_rows")
      .select(["row_number", "cells"])
      .where("import_id", "=", row.id)
      .where("status", "=", "invalid")
      .where("row_number", ">", after)
      .orderBy("row_number")
      .limit(PAGE)
      .execute();
    const first = rows[0];
    const last = rows[rows.length - 1];
    if (!first || !last) return;
    const errors = await db
      .selectFrom("task_import_errors")
      .select(["row_number", "column_name", "message"])
      .where("import_id", "=", row.id)
      .where("row_number", ">=", first.row_number)
      .where("row_number", "<=", last.row_number)
      .orderBy("seq")
      .execute();
    const byRow = new Map<number, string[]>();
    for (const e of errors) {
      const list = byRow.get(e.row_number) ?? [];
      list.push(e.column_name ? `${e.column_name}: ${e.message}` : e.message);
      byRow.set(e.row_number, list);
    }
    let chunk = "";
    for (const r of rows) {
      const cells = parseCells(r.cells);
      while (cells.length < header.length) cells.push("");
      chunk += csvLine([...cells, `Row ${r.row_number}: ${(byRow.get(r.row_number) ?? []).join("; ")}`]);
    }
    yield chunk;
    after = last.row_number;
  }
}
