import type { ImportCell } from "../../../common/imports/values.ts";

/** One row of the sheet: its number as the spreadsheet shows it (the first line or row is 1), and its cells. */
export interface RawRow {
  row: number;
  cells: ImportCell[];
}

/** A file being read: what was found about it, and its rows in order. */
export interface SheetSource {
  kind: "csv" | "xlsx";
  encoding: string | null;
  delimiter: string | null;
  /** Things the user should know that do not stop the import (other sheets ignored…). */
  warnings: string[];
  /** Progress in bytes of the file (or of the sheet's part of it). */
  total: number;
  progress(): number;
  rows(): AsyncIterable<RawRow>;
}
