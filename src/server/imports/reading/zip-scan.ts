/**
 * The check of an XLSX file's ZIP before any XML in it is parsed (exceljs has no guard of its own): the
 * number of entries, each entry's declared and real uncompressed size, the compression ratio, encryption,
 * and no DOCTYPE or entity declaration in any XML part. It also gives the parts exceljs needs, in the
 * order its streaming reader needs them.
 */
import { Readable } from "node:stream";
import yauzl from "yauzl";
import { ImportFileError } from "./file-error.ts";

export const ZIP_LIMITS = {
  entries: 1_000,
  /** Uncompressed, one part and all parts. A 100,000-row sheet is well under 100 MB of XML. */
  entryBytes: 256 * 1024 * 1024,
  totalBytes: 512 * 1024 * 1024,
  /** Uncompressed ÷ compressed, for parts over a megabyte. XML rarely passes 30. */
  ratio: 200,
};

const BOMB = "This file expands far beyond its size when opened (a “zip bomb”), so it was not read.";
const NOT_XLSX = "This file is not a valid Excel workbook (.xlsx). Save it again from your spreadsheet app.";

export interface ZipPart {
  entry: yauzl.Entry;
  name: string;
}

export interface ScannedWorkbook {
  zip: yauzl.ZipFile;
  /** The parts the reader needs, rels and workbook and shared strings before the sheet. */
  parts: ZipPart[];
  sheet: ZipPart;
  /** How many worksheets the workbook has besides the one read. */
  otherSheets: number;
  close(): void;
}

function openZip(path: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.open(
      path,
      { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: false },
      (error, zip) => (error || !zip ? reject(new ImportFileError(NOT_XLSX)) : resolve(zip)),
    ),
  );
}

function readStream(zip: yauzl.ZipFile, entry: yauzl.Entry, decompress: boolean): Promise<Readable> {
  return new Promise((resolve, reject) =>
    zip.openReadStream(entry, { decompress: decompress && entry.compressionMethod !== 0 }, (error, stream) =>
      error || !stream ? reject(error ?? new Error("no stream")) : resolve(stream),
    ),
  );
}

const XML_PART = /\.(xml|rels|vml)$/i;
const DECLARATION = /<!(doctype|entity)/i;
const SMALL_PART_BYTES = 4 * 1024 * 1024;

/** Reads a part to its end: counts the real bytes, looks for declarations, keeps small parts' text. */
async function inspectPart(
  zip: yauzl.ZipFile,
  entry: yauzl.Entry,
  keepText: boolean,
): Promise<string | null> {
  const stream = await readStream(zip, entry, true);
  const xml = XML_PART.test(entry.fileName);
  let tail = "";
  let kept: string[] | null = keepText ? [] : null;
  let size = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > ZIP_LIMITS.entryBytes) throw new ImportFileError(BOMB);
      if (!xml) continue;
      const text = tail + chunk.toString("latin1");
      if (DECLARATION.test(text)) {
        throw new ImportFileError(
          `The part “${entry.fileName}” of this workbook declares a DOCTYPE or an entity, which a spreadsheet never needs; it was not read.`,
        );
      }
      tail = text.slice(-16);
      if (kept && size <= SMALL_PART_BYTES) kept.push(chunk.toString("utf8"));
      else kept = null;
    }
  } catch (error) {
    stream.destroy();
    if (error instanceof ImportFileError) throw error;
    // yauzl: more or fewer bytes than the header declared, or a corrupt stream.
    throw new ImportFileError(/too many bytes|too few bytes|size/i.test(String(error)) ? BOMB : NOT_XLSX);
  }
  return kept ? kept.join("") : null;
}

function attribute(tag: string, name: string): string | null {
  const match = new RegExp(`\\s${name}\\s*=\\s*["']([^"']*)["']`).exec(tag);
  return match ? (match[1] ?? null) : null;
}

/**
 * The workbook's visible sheets in tab order, as part names, from workbook.xml and its relationships.
 * Hidden sheets (lists behind drop-downs, like the sample file's currencies) are not the user's rows.
 */
function visibleSheetParts(workbookXml: string | null, relsXml: string | null): string[] {
  if (!workbookXml || !relsXml) return [];
  const targets = new Map<string, string>();
  for (const rel of relsXml.match(/<(?:\w+:)?Relationship\s[^>]*>/g) ?? []) {
    const id = attribute(rel, "Id");
    const target = attribute(rel, "Target");
    if (id && target) targets.set(id, target.startsWith("/") ? target.slice(1) : `xl/${target}`);
  }
  const parts: string[] = [];
  for (const sheet of workbookXml.match(/<(?:\w+:)?sheet\s[^>]*>/g) ?? []) {
    const state = attribute(sheet, "state");
    if (state === "hidden" || state === "veryHidden") continue;
    const target = targets.get(attribute(sheet, "r:id") ?? "");
    if (target) parts.push(target.toLowerCase());
  }
  return parts;
}

const SHEET = /^xl\/worksheets\/[^/]+\.xml$/i;
const NEEDED = new Set([
  "xl/_rels/workbook.xml.rels",
  "xl/workbook.xml",
  "xl/sharedstrings.xml",
  "xl/styles.xml",
]);

export async function scanWorkbook(path: string): Promise<ScannedWorkbook> {
  const zip = await openZip(path);
  try {
    if (zip.entryCount > ZIP_LIMITS.entries) {
      throw new ImportFileError(
        `This workbook holds ${zip.entryCount} files inside it; a task list needs far fewer.`,
      );
    }
    const entries: yauzl.Entry[] = [];
    let total = 0;
    const texts = new Map<string, string | null>();
    for (;;) {
      const entry = await new Promise<yauzl.Entry | null>((resolve, reject) => {
        zip.once("entry", resolve);
        zip.once("end", () => resolve(null));
        zip.once("error", reject);
        zip.readEntry();
      }).catch(() => {
        throw new ImportFileError(NOT_XLSX);
      });
      zip.removeAllListeners("entry").removeAllListeners("end").removeAllListeners("error");
      if (!entry) break;
      if (entry.fileName.endsWith("/")) continue;
      if (entry.isEncrypted())
        throw new ImportFileError(
          "This workbook is password-protected. Remove the password and upload it again.",
        );
      const declared = entry.uncompressedSize;
      total += declared;
      if (declared > ZIP_LIMITS.entryBytes || total > ZIP_LIMITS.totalBytes) throw new ImportFileError(BOMB);
      if (declared > 1024 * 1024 && declared / Math.max(1, entry.compressedSize) > ZIP_LIMITS.ratio) {
        throw new ImportFileError(BOMB);
      }
      const lower = entry.fileName.toLowerCase();
      const keep = lower === "xl/workbook.xml" || lower === "xl/_rels/workbook.xml.rels";
      texts.set(lower, await inspectPart(zip, entry, keep));
      entries.push(entry);
    }
    const byName = new Map(entries.map((e) => [e.fileName.toLowerCase(), e]));
    const sheets = entries.filter((e) => SHEET.test(e.fileName));
    const visible = visibleSheetParts(
      texts.get("xl/workbook.xml") ?? null,
      texts.get("xl/_rels/workbook.xml.rels") ?? null,
    );
    const number = (e: yauzl.Entry) =>
      Number(/(\d+)\.xml$/i.exec(e.fileName)?.[1] ?? Number.MAX_SAFE_INTEGER);
    const firstVisible = visible.map((name) => byName.get(name)).find((e) => e !== undefined);
    const sheetEntry = firstVisible ?? [...sheets].sort((a, b) => number(a) - number(b))[0];
    if (!sheetEntry || !byName.has("xl/workbook.xml")) throw new ImportFileError(NOT_XLSX);
    const parts: ZipPart[] = [];
    for (const name of NEEDED) {
      const entry = byName.get(name);
      if (entry) parts.push({ entry, name: name === "xl/sharedstrings.xml" ? "xl/sharedStrings.xml" : name });
    }
    // exceljs finds sheets by the name sheetN.xml; the one read is always handed over as the first.
    const sheet = { entry: sheetEntry, name: "xl/worksheets/sheet1.xml" };
    const otherSheets = Math.max(0, (visible.length || sheets.length) - 1);
    return { zip, parts, sheet, otherSheets, close: () => zip.close() };
  } catch (error) {
    zip.close();
    throw error;
  }
}

function localHeader(entry: yauzl.Entry, name: string): Buffer {
  const nameBytes = Buffer.from(name, "utf8");
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(20, 4);
  header.writeUInt16LE(0x0800, 6);
  header.writeUInt16LE(entry.compressionMethod, 8);
  header.writeUInt32LE(entry.crc32, 14);
  header.writeUInt32LE(entry.compressedSize, 18);
  header.writeUInt32LE(entry.uncompressedSize, 22);
  header.writeUInt16LE(nameBytes.length, 26);
  return Buffer.concat([header, nameBytes]);
}

/**
 * The parts as a new ZIP stream, in the order given and with sizes in their local headers: what exceljs'
 * streaming reader handles right. (Given the sheet before the shared strings, as Excel often writes them,
 * exceljs 4.4 loses every text cell.) The entries' compressed bytes are copied, not re-compressed.
 */
export function orderedZipStream(scanned: ScannedWorkbook, onSheetBytes: (bytes: number) => void): Readable {
  const { zip } = scanned;
  const all = [...scanned.parts, scanned.sheet];
  return Readable.from(
    (async function* () {
      for (const part of all) {
        yield localHeader(part.entry, part.name);
        const raw = await readStream(zip, part.entry, false);
        for await (const chunk of raw as AsyncIterable<Buffer>) {
          if (part === scanned.sheet) onSheetBytes(chunk.length);
          yield chunk;
        }
      }
      const end = Buffer.alloc(22);
      end.writeUInt32LE(0x06054b50, 0);
      yield end;
    })(),
    { objectMode: false },
  );
}
