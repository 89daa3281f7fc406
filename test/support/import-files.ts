/**
 * Import files built by the tests themselves: CSV in any encoding, separator and line ending, and XLSX
 * workbooks written part by part (shared strings before or after the sheet, date cells, formulas, a
 * DOCTYPE), zipped in the order asked for.
 */
import iconv from "iconv-lite";
import { type ZipEntry, zip } from "./zip.ts";

export interface CsvOptions {
  delimiter?: string;
  eol?: string;
  encoding?: "utf-8" | "utf-8-bom" | "utf-16le" | "utf-16be" | "win1251";
  /** Ends the last line with `eol` (the default) or not. */
  finalEol?: boolean;
}

/** Quotes a field when the CSV format needs it: separator, quote, or line break inside. */
export function csvField(value: string, delimiter = ","): string {
  return value.includes(delimiter) || /["\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvText(rows: string[][], options: CsvOptions = {}): string {
  const { delimiter = ",", eol = "\r\n", finalEol = true } = options;
  const lines = rows.map((cells) => cells.map((c) => csvField(c, delimiter)).join(delimiter));
  return lines.join(eol) + (finalEol ? eol : "");
}

export function encodeText(text: string, encoding: CsvOptions["encoding"] = "utf-8"): Buffer {
  switch (encoding) {
    case "utf-8":
      return Buffer.from(text, "utf8");
    case "utf-8-bom":
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, "utf8")]);
    case "utf-16le":
      return Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, "utf-16le")]);
    case "utf-16be":
      return Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(text, "utf-16be")]);
    case "win1251":
      return iconv.encode(text, "win1251");
  }
}

export function csvFile(rows: string[][], options: CsvOptions = {}): Buffer {
  return encodeText(csvText(rows, options), options.encoding);
}

/** A cell of a hand-built sheet. */
export type XlsxCell =
  | string
  | number
  | boolean
  | null
  | { date: string }
  | { formula: string; result?: number | string }
  | { inline: string };

export interface XlsxOptions {
  /** Excel's own habit: the sheet before sharedStrings.xml in the ZIP. */
  sharedStringsLast?: boolean;
  /** Adds `<!DOCTYPE …>` with an entity to the sheet. */
  doctype?: boolean;
  /** More sheets after the first. */
  extraSheets?: number;
}

const escapeXml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function columnName(index: number): string {
  let name = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

function sheetXml(rows: XlsxCell[][], strings: Map<string, number>, doctype: boolean): string {
  const stringIndex = (text: string) => {
    let index = strings.get(text);
    if (index === undefined) {
      index = strings.size;
      strings.set(text, index);
    }
    return index;
  };
  const body = rows
    .map((cells, r) => {
      const xml = cells
        .map((cell, c) => {
          const ref = `${columnName(c)}${r + 1}`;
          if (cell === null) return "";
          if (typeof cell === "string") return `<c r="${ref}" t="s"><v>${stringIndex(cell)}</v></c>`;
          if (typeof cell === "number") return `<c r="${ref}"><v>${cell}</v></c>`;
          if (typeof cell === "boolean") return `<c r="${ref}" t="b"><v>${cell ? 1 : 0}</v></c>`;
          if ("date" in cell) {
            const serial = (Date.parse(`${cell.date}T00:00:00Z`) - EXCEL_EPOCH) / 86_400_000;
            return `<c r="${ref}" s="1"><v>${serial}</v></c>`;
          }
          if ("inline" in cell)
            return `<c r="${ref}" t="inlineStr"><is><t>${escapeXml(cell.inline)}</t></is></c>`;
          const type = typeof cell.result === "string" ? ' t="str"' : "";
          const value = cell.result === undefined ? "" : `<v>${escapeXml(String(cell.result))}</v>`;
          return `<c r="${ref}"${type}><f>${escapeXml(cell.formula)}</f>${value}</c>`;
        })
        .join("");
      return `<row r="${r + 1}">${xml}</row>`;
    })
    .join("");
  const declaration = doctype ? '<!DOCTYPE worksheet [<!ENTITY boom "boom">]>' : "";
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>${declaration}<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${body}</sheetData></worksheet>`;
}

const NS = "http://schemas.openxmlformats.org";

export function xlsxFile(rows: XlsxCell[][], options: XlsxOptions = {}): Buffer {
  const strings = new Map<string, number>();
  const sheets = [sheetXml(rows, strings, options.doctype ?? false)];
  for (let i = 0; i < (options.extraSheets ?? 0); i++)
    sheets.push(sheetXml([["Other sheet"]], strings, false));
  const shared = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="${NS}/spreadsheetml/2006/main" count="${strings.size}" uniqueCount="${strings.size}">${[...strings.keys()].map((s) => `<si><t xml:space="preserve">${escapeXml(s)}</t></si>`).join("")}</sst>`;
  const sheetList = sheets
    .map((_, i) => `<sheet name="Sheet ${i + 1}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
    .join("");
  const rels = sheets
    .map(
      (_, i) =>
        `<Relationship Id="rId${i + 1}" Type="${NS}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
    )
    .join("");
  const styles = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="${NS}/spreadsheetml/2006/main"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>`;
  const front: ZipEntry[] = [
    {
      name: "[Content_Types].xml",
      data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="${NS}/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>`,
    },
    {
      name: "_rels/.rels",
      data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="${NS}/package/2006/relationships"><Relationship Id="rId1" Type="${NS}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    },
    {
      name: "xl/workbook.xml",
      data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="${NS}/spreadsheetml/2006/main" xmlns:r="${NS}/officeDocument/2006/relationships"><sheets>${sheetList}</sheets></workbook>`,
    },
    {
      name: "xl/_rels/workbook.xml.rels",
      data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="${NS}/package/2006/relationships">${rels}<Relationship Id="rIdS" Type="${NS}/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rIdY" Type="${NS}/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`,
    },
    { name: "xl/styles.xml", data: styles },
  ];
  const sheetEntries = sheets.map((data, i) => ({ name: `xl/worksheets/sheet${i + 1}.xml`, data }));
  const sharedEntry = { name: "xl/sharedStrings.xml", data: shared };
  return zip(
    options.sharedStringsLast
      ? [...front, ...sheetEntries, sharedEntry]
      : [...front, sharedEntry, ...sheetEntries],
  );
}

/**
 * A workbook whose sheet part inflates from about 64 KB to 64 MB. Honest, its declared size gives it away
 * before anything is inflated; with `lie`, its header declares 1 KB and only the real size gives it away.
 */
export function zipBomb(options: { lie?: boolean } = {}): Buffer {
  const sheet = Buffer.alloc(64 * 1024 * 1024, 0x20);
  return zip([
    { name: "xl/workbook.xml", data: "<workbook/>" },
    { name: "xl/worksheets/sheet1.xml", data: sheet, ...(options.lie ? { declaredSize: 1024 } : {}) },
  ]);
}
