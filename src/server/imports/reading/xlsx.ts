/**
 * XLSX files: the ZIP is checked first (zip-scan.ts), then exceljs' streaming reader reads the first sheet,
 * given its parts in the order it handles right. Cells keep their kind: text, number, date cell (with the
 * workbook's date system), a formula's saved value, or a yes/no.
 */
import type { CellValue } from "exceljs";
import type { ImportCell } from "../../../common/imports/values.ts";
import { ImportFileError } from "./file-error.ts";
import type { RawRow, SheetSource } from "./source.ts";
import { orderedZipStream, scanWorkbook } from "./zip-scan.ts";

type ExcelValue = CellValue | undefined;

function columnLetters(column: number): string {
  let letters = "";
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26))
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/** One exceljs value as an import cell; `where` names the cell for a message. */
export function toImportCell(value: ExcelValue, where: () => string): ImportCell {
  if (value === null || value === undefined) return null;
  if (typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime()) || value.getUTCFullYear() < 1900) return null;
    return { date: value.toISOString().slice(0, 10) };
  }
  if (!isRecord(value)) return null;
  if (Array.isArray(value.richText)) {
    return value.richText
      .map((part) => (isRecord(part) && typeof part.text === "string" ? part.text : ""))
      .join("");
  }
  if ("formula" in value || "sharedFormula" in value) {
    if (!("result" in value) || value.result === undefined) {
      throw new ImportFileError(
        `${where()} holds a formula without a saved value. Open the file in your spreadsheet app and save it again, or paste the values instead.`,
      );
    }
    return toImportCell(value.result as ExcelValue, where);
  }
  if (typeof value.error === "string") return value.error;
  if (typeof value.text === "string") return value.text;
  if ("sharedString" in value) {
    // The reader lost a text cell: never let that pass as an empty cell.
    throw new ImportFileError(`${where()} could not be read. Save the workbook again and upload it.`);
  }
  return null;
}

export async function openXlsx(path: string): Promise<SheetSource> {
  const scanned = await scanWorkbook(path);
  // Loaded for a workbook only: exceljs takes about 18 MiB, which a reader of a CSV file does not need.
  const { default: ExcelJS } = await import("exceljs");
  const total = scanned.sheet.entry.compressedSize;
  let done = 0;
  const warnings =
    scanned.otherSheets > 0
      ? [
          `Only the workbook's first sheet was read; ${scanned.otherSheets} other sheet${scanned.otherSheets === 1 ? " was" : "s were"} ignored.`,
        ]
      : [];
  return {
    kind: "xlsx",
    encoding: null,
    delimiter: null,
    warnings,
    total,
    progress: () => done,
    rows: () => ({
      async *[Symbol.asyncIterator]() {
        const stream = orderedZipStream(scanned, (bytes) => {
          done += bytes;
        });
        const reader = new ExcelJS.stream.xlsx.WorkbookReader(stream, {
          sharedStrings: "cache",
          styles: "cache",
          worksheets: "emit",
          hyperlinks: "ignore",
          entries: "ignore",
        });
        try {
          for await (const sheet of reader) {
            for await (const row of sheet) {
              const values = row.values as ExcelValue[];
              const cells: ImportCell[] = [];
              for (let column = 1; column < values.length; column++) {
                cells.push(toImportCell(values[column], () => `Cell ${columnLetters(column)}${row.number}`));
              }
              yield { row: row.number, cells } satisfies RawRow;
            }
            break;
          }
        } catch (error) {
          if (error instanceof ImportFileError) throw error;
          throw new ImportFileError(
            "This workbook could not be read. Save it again from your spreadsheet app and upload it.",
          );
        } finally {
          stream.destroy();
          scanned.close();
        }
      },
    }),
  };
}
