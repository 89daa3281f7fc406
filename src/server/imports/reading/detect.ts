/**
 * What an uploaded file is, from its bytes: XLSX (a ZIP), or CSV text in one of the encodings we read.
 * A name that says one thing while the bytes say another is refused, never guessed around.
 */
import { ImportFileError } from "./file-error.ts";

export type FileKind = "csv" | "xlsx";

export type TextEncoding = "UTF-8" | "UTF-8 with BOM" | "UTF-16 LE" | "UTF-16 BE" | "Windows-1251";

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const startsWith = (bytes: Uint8Array, prefix: number[]) => prefix.every((b, i) => bytes[i] === b);

function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf(".");
  return dot < 0 ? "" : fileName.slice(dot + 1).toLowerCase();
}

/** XLSX or CSV, from the first bytes and the name; throws what is wrong for anything else. */
export function detectKind(fileName: string, head: Uint8Array): FileKind {
  const extension = extensionOf(fileName);
  if (startsWith(head, OLE)) {
    throw new ImportFileError(
      "This is an Excel 97–2003 file (.xls). Save it as an Excel workbook (.xlsx) or as CSV, then upload it.",
    );
  }
  const zip = startsWith(head, ZIP);
  if (extension === "xlsx" || extension === "xlsm") {
    if (!zip)
      throw new ImportFileError(`"${fileName}" is named as an Excel workbook, but its bytes are not one.`);
    return "xlsx";
  }
  if (zip) {
    if (["csv", "tsv", "txt"].includes(extension)) {
      throw new ImportFileError(`"${fileName}" is named as a CSV file, but its bytes are a ZIP archive.`);
    }
    return "xlsx";
  }
  if (["pdf", "doc", "docx", "ods", "numbers", "json", "xml", "png", "jpg", "jpeg"].includes(extension)) {
    throw new ImportFileError(
      "Upload a CSV or XLSX file (Excel, Google Sheets and Numbers can save as both).",
    );
  }
  return "csv";
}

/** A byte that starts no character in UTF-8 text: the text is in another encoding. */
function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** Bytes 0xC0–0xFF, 0xA8, 0xB8 are the letters of Russian, Ukrainian, Belarusian… in Windows-1251. */
const isCp1251Letter = (b: number) =>
  b >= 0xc0 ||
  b === 0xa8 ||
  b === 0xb8 ||
  b === 0xaa ||
  b === 0xba ||
  b === 0xb2 ||
  b === 0xb3 ||
  b === 0xaf ||
  b === 0xbf ||
  b === 0xa1 ||
  b === 0xa2;

/**
 * Cyrillic text in Windows-1251 has runs of high bytes that are letters (words); text in Latin-1 or another
 * single-byte encoding has them one at a time between ASCII letters ("café"). Only the first is accepted.
 */
function looksLikeCp1251(bytes: Uint8Array): boolean {
  let high = 0;
  let letters = 0;
  let inRuns = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    if (b < 0x80) continue;
    high++;
    if (!isCp1251Letter(b)) continue;
    letters++;
    const prev = bytes[i - 1] ?? 0;
    const next = bytes[i + 1] ?? 0;
    if (isCp1251Letter(prev) || isCp1251Letter(next)) inRuns++;
  }
  return high > 0 && letters / high >= 0.9 && inRuns / letters >= 0.6;
}

/** UTF-16 without a byte order mark: every other byte of Latin text is zero. */
function utf16Without(head: Uint8Array): "UTF-16 LE" | "UTF-16 BE" | null {
  const n = Math.min(head.length, 4096) & ~1;
  if (n < 4) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (head[i] === 0) evenZero++;
    if (head[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero / pairs > 0.4 && evenZero / pairs < 0.05) return "UTF-16 LE";
  if (evenZero / pairs > 0.4 && oddZero / pairs < 0.05) return "UTF-16 BE";
  return null;
}

/**
 * The text encoding of a CSV file from its first bytes (a megabyte is plenty): a byte order mark, UTF-16's
 * zero bytes, valid UTF-8, or Windows-1251's Cyrillic words. Anything else is refused with what to do,
 * never read garbled. Returns the encoding and how many bytes of byte order mark to skip.
 */
export function detectEncoding(head: Uint8Array): { encoding: TextEncoding; bom: number } {
  if (startsWith(head, [0xef, 0xbb, 0xbf])) return { encoding: "UTF-8 with BOM", bom: 3 };
  if (startsWith(head, [0xff, 0xfe])) return { encoding: "UTF-16 LE", bom: 2 };
  if (startsWith(head, [0xfe, 0xff])) return { encoding: "UTF-16 BE", bom: 2 };
  const utf16 = utf16Without(head);
  if (utf16) return { encoding: utf16, bom: 0 };
  if (head.includes(0)) {
    throw new ImportFileError("This file is not text: upload a CSV or XLSX file.");
  }
  if (isValidUtf8(head)) return { encoding: "UTF-8", bom: 0 };
  if (looksLikeCp1251(head)) return { encoding: "Windows-1251", bom: 0 };
  throw new ImportFileError(
    "The file's text encoding was not recognised (we read UTF-8, UTF-16 and Windows-1251). Save it as “CSV UTF-8” and upload it again.",
  );
}

export type Delimiter = "," | ";" | "\t";

/** The separator of the header line: the most frequent of comma, semicolon and tab outside quotes. */
export function detectDelimiter(text: string): Delimiter {
  const counts = { ",": 0, ";": 0, "\t": 0 };
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === "\n" || ch === "\r")) {
      if (counts[","] + counts[";"] + counts["\t"] > 0) break;
    } else if (!quoted && (ch === "," || ch === ";" || ch === "\t")) counts[ch]++;
  }
  const best = (["\t", ";", ","] as const).reduce(
    (a, b) => (counts[b] > counts[a] ? b : a),
    "," as Delimiter,
  );
  return counts[best] > 0 ? best : ",";
}
