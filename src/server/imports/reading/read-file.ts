/**
 * Reads an uploaded file from start to end: finds the header row, matches its columns, checks every data
 * row (src/common/imports) and hands the checked rows on in batches. Every limit is checked as the file is
 * read; anything that stops the file being read throws an ImportFileError with a message for the user.
 * Runs in a worker thread (worker.ts); tests and the benchmark call it directly.
 */
import fs from "node:fs/promises";
import { type HeaderLayout, IMPORT_COLUMNS, matchHeaders } from "../../../common/imports/columns.ts";
import { MAX_CELL_CHARS, MAX_IMPORT_ROWS } from "../../../common/imports/limits.ts";
import {
  type CellError,
  createRowChecker,
  type ImportedTask,
  isBlankRow,
} from "../../../common/imports/validate.ts";
import { cellText } from "../../../common/imports/values.ts";
import { openCsv } from "./csv.ts";
import { detectKind } from "./detect.ts";
import { ImportFileError } from "./file-error.ts";
import type { SheetSource } from "./source.ts";
import { openXlsx } from "./xlsx.ts";

export type StagedRow =
  | { row: number; task: ImportedTask }
  | { row: number; errors: CellError[]; cells: string[] };

export type ReadEvent =
  | {
      type: "file";
      kind: "csv" | "xlsx";
      encoding: string | null;
      delimiter: string | null;
      header: string[];
      warnings: string[];
      total: number;
    }
  | { type: "rows"; rows: StagedRow[]; done: number }
  | { type: "end"; dataRows: number };

/** Rows staged in one transaction: small enough that staging them never holds the event loop long. */
export const BATCH_ROWS = 100;

async function readHead(path: string): Promise<Uint8Array> {
  const handle = await fs.open(path);
  try {
    const head = new Uint8Array(16);
    await handle.read(head, 0, 16, 0);
    return head;
  } finally {
    await handle.close();
  }
}

/** The columns' problems that stop the import, in one message; null when the header will do. */
function headerProblem(layout: HeaderLayout, source: SheetSource): string | null {
  const named = layout.headers.filter(Boolean);
  if (named.length <= 1 && layout.missing.length > 0) {
    const where =
      source.kind === "csv"
        ? "the columns must be separated by commas, semicolons or tabs"
        : "put each field in a column of its own";
    return `Everything is in one column (“${(named[0] ?? "").slice(0, 80)}”): ${where}. The first row must name the columns: ${IMPORT_COLUMNS.filter(
      (c) => c.required,
    )
      .map((c) => c.header)
      .join(", ")}.`;
  }
  if (layout.missing.length === 0) return null;
  const email = layout.missing.some((c) => c.key === "contractorEmail");
  const missing = layout.missing.map((c) => c.header).join(", ");
  const found = named.length
    ? ` The header row has: ${named.map((h) => `“${h.slice(0, 60)}”`).join(", ")}.`
    : "";
  return email
    ? `There is no Contractor email column. The first row must name the columns, starting with Contractor email; missing: ${missing}.${found}`
    : `The header row has no column for: ${missing}.${found}`;
}

function layoutWarnings(layout: HeaderLayout): string[] {
  return [
    ...layout.unknown.map((h) => `The column “${h}” is not an import column; it was ignored.`),
    ...layout.repeated.map(
      (h) => `The column “${h}” repeats a column given earlier; only the first was read.`,
    ),
  ];
}

export async function* readImportFile(
  path: string,
  fileName: string,
  size: number,
): AsyncGenerator<ReadEvent> {
  const kind = detectKind(fileName, await readHead(path));
  const source = kind === "xlsx" ? await openXlsx(path) : await openCsv(path, size);
  let layout: HeaderLayout | null = null;
  let check: ReturnType<typeof createRowChecker> | null = null;
  let dataRows = 0;
  let batch: StagedRow[] = [];
  for await (const { row, cells } of source.rows()) {
    for (let i = 0; i < cells.length; i++) {
      const text = cells[i];
      if (typeof text === "string" && text.length > MAX_CELL_CHARS) {
        const column = layout?.headers[i] || `column ${i + 1}`;
        throw new ImportFileError(
          `Row ${row}, ${layout?.headers[i] ? `column “${column}”` : column}: a cell has ${text.length.toLocaleString("en-US")} characters; the most a cell may hold is ${MAX_CELL_CHARS.toLocaleString("en-US")}.`,
        );
      }
    }
    if (!layout) {
      if (isBlankRow(cells)) continue;
      layout = matchHeaders(cells.map(cellText));
      const problem = headerProblem(layout, source);
      if (problem) throw new ImportFileError(problem);
      check = createRowChecker(layout);
      yield {
        type: "file",
        kind,
        encoding: source.encoding,
        delimiter: source.delimiter,
        header: layout.headers,
        warnings: [...source.warnings, ...layoutWarnings(layout)],
        total: source.total,
      };
      continue;
    }
    if (isBlankRow(cells)) continue;
    if (++dataRows > MAX_IMPORT_ROWS) {
      throw new ImportFileError(
        `The file has more than ${MAX_IMPORT_ROWS.toLocaleString("en-US")} rows of tasks. Split it into files of at most ${MAX_IMPORT_ROWS.toLocaleString("en-US")} rows.`,
      );
    }
    const result = (check as NonNullable<typeof check>)(cells, row);
    batch.push(
      result.ok ? { row, task: result.task } : { row, errors: result.errors, cells: cells.map(cellText) },
    );
    if (batch.length >= BATCH_ROWS) {
      yield { type: "rows", rows: batch, done: source.progress() };
      batch = [];
    }
  }
  if (!layout) throw new ImportFileError("The file is empty: it has no header row and no tasks.");
  if (dataRows === 0) throw new ImportFileError("The file has a header row but no tasks under it.");
  if (batch.length) yield { type: "rows", rows: batch, done: source.progress() };
  yield { type: "end", dataRows };
}
