import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type CsvOptions,
  csvFile,
  type XlsxCell,
  xlsxFile,
  zipBomb,
} from "../../../../test/support/import-files.ts";
import { zip } from "../../../../test/support/zip.ts";
import type { ImportCell } from "../../../common/imports/values.ts";
import { openCsv } from "./csv.ts";
import { ImportFileError } from "./file-error.ts";
import { type ReadEvent, readImportFile, type StagedRow } from "./read-file.ts";

let dir: string;
let n = 0;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "crewdesk-reading-"));
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

async function write(bytes: Buffer): Promise<string> {
  const file = path.join(dir, `f${++n}`);
  await fs.writeFile(file, bytes);
  return file;
}

/** Every cell of a CSV file as read, row by row. */
async function csvCells(
  bytes: Buffer,
): Promise<{ cells: ImportCell[][]; encoding: string | null; delimiter: string | null }> {
  const source = await openCsv(await write(bytes), bytes.length);
  const cells: ImportCell[][] = [];
  for await (const row of source.rows()) cells.push(row.cells);
  return { cells, encoding: source.encoding, delimiter: source.delimiter };
}

interface ReadResult {
  file: Extract<ReadEvent, { type: "file" }> | null;
  rows: StagedRow[];
  error: string | null;
}

async function read(bytes: Buffer, name: string): Promise<ReadResult> {
  const result: ReadResult = { file: null, rows: [], error: null };
  try {
    for await (const event of readImportFile(await write(bytes), name, bytes.length)) {
      if (event.type === "file") result.file = event;
      if (event.type === "rows") result.rows.push(...event.rows);
    }
  } catch (error) {
    if (!(error instanceof ImportFileError)) throw error;
    result.error = error.message;
  }
  return result;
}

const HEADER = ["Contractor email", "Task title", "Amount", "Currency", "Deadline", "External ID"];

/** Cells the CSV format must carry through untouched. */
const TRICKY: string[][] = [
  ["Contractor email", "Task title", "Description", "Project"],
  ["ann@example.com", "Fix, then ship", 'She said "done", twice', "Q1"],
  ["bob@example.com", "Two\r\nlines", "One\nmore\nline", ""],
  ["cid@example.com", "", "Ünïcödé — 日本語 — العربية — Ελληνικά — 😀", "Проект"],
  ["dan@example.com", '"quoted"', ",;\t", " spaced "],
];

describe("CSV cells", () => {
  const layouts: Array<[string, CsvOptions]> = [
    ["commas and CRLF", { delimiter: ",", eol: "\r\n" }],
    ["semicolons and LF", { delimiter: ";", eol: "\n" }],
    ["tabs and CRLF", { delimiter: "\t", eol: "\r\n" }],
    ["commas, LF, no line break at the end", { delimiter: ",", eol: "\n", finalEol: false }],
    ["semicolons, CRLF, no line break at the end", { delimiter: ";", eol: "\r\n", finalEol: false }],
  ];
  for (const [label, options] of layouts) {
    it(`reads every cell as written: ${label}`, async () => {
      const read = await csvCells(csvFile(TRICKY, options));
      expect(read.delimiter).toBe(options.delimiter);
      const cells = read.cells.filter((row) => !(row.length === 1 && row[0] === ""));
      expect(cells).toEqual(TRICKY);
    });
  }

  const encodings: Array<[NonNullable<CsvOptions["encoding"]>, string]> = [
    ["utf-8", "UTF-8"],
    ["utf-8-bom", "UTF-8 with BOM"],
    ["utf-16le", "UTF-16 LE"],
    ["utf-16be", "UTF-16 BE"],
  ];
  for (const [encoding, shown] of encodings) {
    it(`reads ${shown} and says so`, async () => {
      const read = await csvCells(csvFile(TRICKY, { encoding, delimiter: "\t" }));
      expect(read.encoding).toBe(shown);
      expect(read.cells.filter((row) => row.some((c) => c !== ""))).toEqual(TRICKY);
    });
  }

  it("reads Windows-1251 Cyrillic with semicolons and says so", async () => {
    const rows = [
      ["Contractor email", "Task title", "Amount"],
      ["ivan@example.com", "Перевод инструкции, часть 1", "1 234,50"],
      ["olga@example.com", "Вёрстка «Главной»", "99,9"],
    ];
    const read = await csvCells(csvFile(rows, { encoding: "win1251", delimiter: ";" }));
    expect(read.encoding).toBe("Windows-1251");
    expect(read.delimiter).toBe(";");
    expect(read.cells.filter((row) => row.some((c) => c !== ""))).toEqual(rows);
  });

  it("refuses text in an encoding it cannot tell, rather than reading it garbled", async () => {
    const latin1 = Buffer.from(
      "Contractor email,Task title\r\nann@example.com,Caf\xe9 cr\xe8me\r\n",
      "latin1",
    );
    const result = await read(latin1, "latin1.csv");
    expect(result.error).toMatch(/encoding was not recognised/);
  });

  it("refuses a UTF-8 file with a broken byte after its first megabyte", async () => {
    const head = `Contractor email,Task title,Amount,Currency\r\n${"ann@example.com,Write,1,USD\r\n".repeat(40_000)}`;
    const bytes = Buffer.concat([Buffer.from(head), Buffer.from([0xff, 0x0d, 0x0a])]);
    expect((await read(bytes, "late.csv")).error).toMatch(/not valid UTF-8/);
  });
});

describe("reading an import file", () => {
  it("reads a Windows-1251 file with semicolons and decimal commas into tasks", async () => {
    const bytes = csvFile(
      [
        ["Contractor email", "Contractor name", "Task title", "Amount", "Currency", "Deadline"],
        ["ivan@example.com", "Иван Петров", "Перевод", "1 234,50", "rub", "31.12.2026"],
      ],
      { encoding: "win1251", delimiter: ";" },
    );
    const result = await read(bytes, "tasks.csv");
    expect(result.error).toBeNull();
    expect(result.file).toMatchObject({ encoding: "Windows-1251", delimiter: ";" });
    expect(result.rows).toEqual([
      {
        row: 2,
        task: {
          contractorEmail: "ivan@example.com",
          contractorName: "Иван Петров",
          title: "Перевод",
          description: "",
          amount: "1234.50",
          amountMinor: 123450,
          currency: "RUB",
          deadline: "2026-12-31",
          project: null,
          externalId: null,
        },
      },
    ]);
  });

  it("reads a UTF-16 tab-separated file", async () => {
    const bytes = csvFile([HEADER, ["ann@example.com", "Write", "10", "EUR", "", "A-1"]], {
      encoding: "utf-16le",
      delimiter: "\t",
    });
    const result = await read(bytes, "export.txt");
    expect(result.file).toMatchObject({ encoding: "UTF-16 LE", delimiter: "\t" });
    expect(result.rows).toMatchObject([{ row: 2, task: { amount: "10.00", externalId: "A-1" } }]);
  });

  it("matches headers in any case, spacing and order, with aliases, and warns of unknown columns", async () => {
    const bytes = csvFile([
      ["  CURRENCY ", "amount", "Notes", "tasktitle", "E-mail", "__proto__", "constructor"],
      ["usd", "5", "x", "Write", "ann@example.com", "p", "c"],
    ]);
    const result = await read(bytes, "any.csv");
    expect(result.error).toBeNull();
    expect(result.rows).toMatchObject([
      { row: 2, task: { contractorEmail: "ann@example.com", title: "Write", amount: "5.00" } },
    ]);
    expect(result.file?.warnings).toEqual([
      "The column “Notes” is not an import column; it was ignored.",
      "The column “__proto__” is not an import column; it was ignored.",
      "The column “constructor” is not an import column; it was ignored.",
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });

  it("numbers rows as the spreadsheet does, counting blank lines and skipping them", async () => {
    const bytes = Buffer.from(
      'Contractor email,Task title,Amount,Currency\r\n\r\nann@example.com,"Two\r\nlines",1,USD\r\nbad,Write,1,USD\r\n',
    );
    const result = await read(bytes, "rows.csv");
    expect(result.rows.map((r) => r.row)).toEqual([3, 4]);
    expect(result.rows[1]).toEqual({
      row: 4,
      errors: [{ column: "Contractor email", message: '"bad" is not an email address.' }],
      cells: ["bad", "Write", "1", "USD"],
    });
  });

  it("names every error of a row by the file's own header text, in the file's column order", async () => {
    const bytes = csvFile([
      ["Email", "Title", "Price", "Currency", "Due date", "External ID"],
      ["", "", "1.234", "XYZ", "31.02.2026", "A"],
      ["ann@example.com", "Write", "0", "JPY", "2026-12-31", "A"],
    ]);
    const result = await read(bytes, "errors.csv");
    expect(result.rows).toEqual([
      {
        row: 2,
        cells: ["", "", "1.234", "XYZ", "31.02.2026", "A"],
        errors: [
          { column: "Email", message: "Contractor email is required." },
          { column: "Title", message: "Task title is required." },
          { column: "Currency", message: 'Currency "XYZ" is not an ISO 4217 code such as USD or EUR.' },
          { column: "Due date", message: 'Deadline "31.02.2026" is not a date that exists.' },
        ],
      },
      {
        row: 3,
        cells: ["ann@example.com", "Write", "0", "JPY", "2026-12-31", "A"],
        errors: [
          { column: "Price", message: "Amount must be greater than zero." },
          { column: "External ID", message: 'External ID "A" is also on row 2.' },
        ],
      },
    ]);
  });

  describe("XLSX", () => {
    const rows: XlsxCell[][] = [
      ["Contractor email", "Task title", "Amount", "Currency", "Deadline", "External ID"],
      ["ann@example.com", "Write the guide", 1234.5, "USD", { date: "2026-12-31" }, { inline: "00123" }],
      [
        "bob@example.com",
        { formula: 'CONCAT("Re","view")', result: "Review" },
        { formula: "B1*0+20", result: 20 },
        "eur",
        46387,
        "7",
      ],
    ];
    const expected = [
      {
        row: 2,
        task: {
          contractorEmail: "ann@example.com",
          title: "Write the guide",
          amount: "1234.50",
          currency: "USD",
          deadline: "2026-12-31",
          externalId: "00123",
        },
      },
      {
        row: 3,
        task: {
          contractorEmail: "bob@example.com",
          title: "Review",
          amount: "20.00",
          currency: "EUR",
          deadline: "2026-12-31",
          externalId: "7",
        },
      },
    ];

    it("reads text, numbers, date cells and formulas' saved values", async () => {
      const result = await read(xlsxFile(rows), "tasks.xlsx");
      expect(result.error).toBeNull();
      expect(result.file).toMatchObject({ kind: "xlsx", encoding: null, delimiter: null, warnings: [] });
      expect(result.rows).toMatchObject(expected);
    });

    it("reads every text cell when the shared strings come after the sheet, as Excel writes them", async () => {
      const file = xlsxFile(rows, { sharedStringsLast: true });
      // The layout exceljs 4.4's streaming reader gets wrong on its own (its issue 683: depending on timing, text
      // cells come out as {sharedString: n}): the sheet's part is stored before sharedStrings.xml.
      const sheetAt = file.indexOf("xl/worksheets/sheet1.xml");
      expect(sheetAt).toBeGreaterThan(0);
      expect(sheetAt).toBeLessThan(file.indexOf("xl/sharedStrings.xml"));

      const result = await read(file, "excel.xlsx");
      expect(result.error).toBeNull();
      expect(result.rows).toMatchObject(expected);
    });

    it("reads the first sheet and says the others were ignored", async () => {
      const result = await read(xlsxFile(rows, { extraSheets: 2 }), "three.xlsx");
      expect(result.rows).toHaveLength(2);
      expect(result.file?.warnings).toEqual([
        "Only the workbook's first sheet was read; 2 other sheets were ignored.",
      ]);
    });

    it("refuses a formula without a saved value, naming its cell", async () => {
      const result = await read(
        xlsxFile([rows[0] as XlsxCell[], ["ann@example.com", "T", { formula: "1+1" }, "USD"]]),
        "f.xlsx",
      );
      expect(result.error).toMatch(/^Cell C2 holds a formula without a saved value/);
    });

    it("refuses a part with a DOCTYPE before parsing it", async () => {
      const result = await read(xlsxFile(rows, { doctype: true }), "doctype.xlsx");
      expect(result.error).toMatch(/declares a DOCTYPE or an entity/);
    });

    it("refuses a DOCTYPE or an entity in any XML part, not only the sheet", async () => {
      const sheet = { name: "xl/worksheets/sheet1.xml", data: "<worksheet><sheetData/></worksheet>" };
      const inWorkbook = zip([
        { name: "xl/workbook.xml", data: '<?xml version="1.0"?><!DOCTYPE workbook><workbook/>' },
        sheet,
      ]);
      expect((await read(inWorkbook, "w.xlsx")).error).toMatch(
        /^The part “xl\/workbook.xml” of this workbook declares a DOCTYPE or an entity/,
      );
      const inRels = zip([
        { name: "xl/workbook.xml", data: "<workbook/>" },
        { name: "xl/_rels/workbook.xml.rels", data: '<!ENTITY lol "lol"><Relationships/>' },
        sheet,
      ]);
      expect((await read(inRels, "r.xlsx")).error).toMatch(/“xl\/_rels\/workbook.xml.rels”.*an entity/);
    });

    it("refuses a workbook of more than 1,000 files inside before reading any", async () => {
      const many = zip(
        Array.from({ length: 1_001 }, (_, i) => ({ name: `xl/media/p${i}.xml`, data: "<p/>" })),
      );
      expect((await read(many, "many.xlsx")).error).toMatch(/holds 1001 files inside it/);
    });

    it("refuses a zip bomb by its declared size before inflating it", async () => {
      expect((await read(zipBomb(), "bomb.xlsx")).error).toMatch(/zip bomb/);
    });

    it("refuses a zip bomb whose header lies about its size, by its real size", async () => {
      expect((await read(zipBomb({ lie: true }), "liar.xlsx")).error).toMatch(/zip bomb/);
    });
  });

  describe("limits and files that cannot be imported", () => {
    const cases: Array<[string, () => Buffer, string, RegExp]> = [
      [
        "an .xlsx that is text",
        () => Buffer.from("Contractor email\r\na@b.co\r\n"),
        "fake.xlsx",
        /named as an Excel workbook, but its bytes are not one/,
      ],
      [
        "a .csv that is a ZIP",
        () => xlsxFile([["Contractor email"]]),
        "fake.csv",
        /named as a CSV file, but its bytes are a ZIP/,
      ],
      [
        "an old .xls",
        () => Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]),
        "old.xls",
        /Excel 97–2003/,
      ],
      ["a header with no rows", () => csvFile([HEADER]), "h.csv", /has a header row but no tasks/],
      ["only blank lines", () => Buffer.from(" \r\n\r\n"), "blank.csv", /The file is empty/],
      [
        "everything in one column",
        () => Buffer.from("Contractor email|Task title|Amount\r\na@b.co|x|1\r\n"),
        "pipes.csv",
        /^Everything is in one column/,
      ],
      [
        "no Contractor email column",
        () =>
          csvFile([
            ["Task title", "Amount", "Currency"],
            ["x", "1", "USD"],
          ]),
        "noemail.csv",
        /^There is no Contractor email column/,
      ],
      [
        "a cell over 32,767 characters",
        () => csvFile([HEADER, ["a@b.co", "x".repeat(32_768), "1", "USD", "", ""]]),
        "long.csv",
        /Row 2, column “Task title”: a cell has 32,768 characters/,
      ],
      [
        "an unclosed quote",
        () => Buffer.from('Contractor email,Task title,Amount,Currency\r\na@b.co,"never closed,1,USD\r\n'),
        "q.csv",
        /Row 2 opens a quoted value/,
      ],
    ];
    for (const [label, build, name, message] of cases) {
      it(`fails ${label} with a clear message`, async () => {
        const result = await read(build(), name);
        expect(result.error).toMatch(message);
      });
    }

    it("fails a file of more than 100,000 rows, and reads one of exactly 100,000", async () => {
      const line = "ann@example.com,Write,1,USD\r\n";
      const head = "Contractor email,Task title,Amount,Currency\r\n";
      const exact = await read(Buffer.from(head + line.repeat(100_000)), "max.csv");
      expect(exact.error).toBeNull();
      expect(exact.rows).toHaveLength(100_000);
      const over = await read(Buffer.from(head + line.repeat(100_001)), "over.csv");
      expect(over.error).toMatch(/more than 100,000 rows/);
    }, 60_000);
  });
});
