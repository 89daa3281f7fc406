/**
 * The sample files offered on the import page: the columns of the import file and one example row. The
 * XLSX explains each column in a note on its header, offers the currencies as a drop-down list, and types
 * the text columns as text so the spreadsheet app does not turn an ID like 00123 into 123.
 */
import type { CellValue } from "exceljs";
import { currencyCodes } from "../../common/currencies.ts";
import { IMPORT_COLUMNS } from "../../common/imports/columns.ts";
import { csvLine, UTF8_BOM } from "./csv-text.ts";

export const SAMPLE_ROWS = 1_000;

export function sampleCsv(): string {
  return (
    UTF8_BOM + csvLine(IMPORT_COLUMNS.map((c) => c.header)) + csvLine(IMPORT_COLUMNS.map((c) => c.example))
  );
}

let xlsx: Promise<Buffer> | null = null;

async function buildSampleXlsx(): Promise<Buffer> {
  // Loaded when the sample is first asked for: exceljs holds about 18 MiB, and the server needs it for this
  // file only (files are read in a worker thread of their own).
  const { default: ExcelJS } = await import("exceljs");
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Crewdesk";
  const sheet = workbook.addWorksheet("Tasks", { views: [{ state: "frozen", ySplit: 1 }] });
  const lists = workbook.addWorksheet("Currencies", { state: "veryHidden" });
  const codes = currencyCodes();
  codes.forEach((code, i) => {
    lists.getCell(i + 1, 1).value = code;
  });

  IMPORT_COLUMNS.forEach((column, i) => {
    const sheetColumn = sheet.getColumn(i + 1);
    sheetColumn.width = Math.max(14, column.header.length + 4, Math.min(40, column.example.length + 2));
    if (column.key !== "amount" && column.key !== "deadline") sheetColumn.numFmt = "@";
    const header = sheet.getCell(1, i + 1);
    header.value = column.header;
    header.font = { bold: true };
    header.note = column.hint;
  });
  const example = IMPORT_COLUMNS.map((column): CellValue => {
    if (column.key === "amount") return Number(column.example);
    if (column.key === "deadline") return new Date(`${column.example}T00:00:00Z`);
    return column.example;
  });
  sheet.addRow(example);
  const amountColumn = IMPORT_COLUMNS.findIndex((c) => c.key === "amount") + 1;
  const deadlineColumn = IMPORT_COLUMNS.findIndex((c) => c.key === "deadline") + 1;
  const currencyColumn = IMPORT_COLUMNS.findIndex((c) => c.key === "currency") + 1;
  sheet.getColumn(amountColumn).numFmt = "0.00";
  sheet.getColumn(deadlineColumn).numFmt = "yyyy-mm-dd";
  for (let row = 2; row <= SAMPLE_ROWS; row++) {
    sheet.getCell(row, currencyColumn).dataValidation = {
      type: "list",
      allowBlank: true,
      formulae: [`Currencies!$A$1:$A$${codes.length}`],
      showErrorMessage: true,
      errorTitle: "Currency",
      error: "Choose an ISO 4217 currency code such as USD or EUR.",
    };
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Built once per process. */
export function sampleXlsx(): Promise<Buffer> {
  xlsx ??= buildSampleXlsx();
  return xlsx;
}
