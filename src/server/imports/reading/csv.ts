/**
 * CSV files: the encoding and the separator are detected and reported, the text is decoded (iconv-lite for
 * UTF-16 and Windows-1251; UTF-8 strictly, so a stray byte is reported rather than read garbled), and
 * papaparse reads the records a megabyte at a time, pausing while the rows already read wait for the caller.
 */
import fs from "node:fs/promises";
import iconv from "iconv-lite";
import Papa from "papaparse";
import { detectDelimiter, detectEncoding, type TextEncoding } from "./detect.ts";
import { ImportFileError } from "./file-error.ts";
import type { RawRow, SheetSource } from "./source.ts";

const CHUNK_CHARS = 1024 * 1024;
const DETECT_BYTES = 1024 * 1024;

const iconvNames: Record<Exclude<TextEncoding, "UTF-8" | "UTF-8 with BOM">, string> = {
  "UTF-16 LE": "utf-16le",
  "UTF-16 BE": "utf-16be",
  "Windows-1251": "win1251",
};

function decode(bytes: Buffer, encoding: TextEncoding, bom: number): string {
  const body = bytes.subarray(bom);
  if (encoding === "UTF-8" || encoding === "UTF-8 with BOM") {
    try {
      return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(body);
    } catch {
      throw new ImportFileError(
        "Part of the file is not valid UTF-8 text. Save it as “CSV UTF-8” and upload it again.",
      );
    }
  }
  return iconv.decode(body, iconvNames[encoding], { stripBOM: false });
}

/** A queue between papaparse's callbacks and an async iterator, pausing the parser while it is full. */
function parseRecords(
  text: string,
  delimiter: string,
  onCursor: (chars: number) => void,
): AsyncIterable<RawRow> {
  return {
    async *[Symbol.asyncIterator]() {
      const queue: RawRow[] = [];
      let parser: Papa.Parser | null = null;
      let finished = false;
      let failure: Error | null = null;
      let wake: (() => void) | null = null;
      let record = 0;
      const signal = () => {
        wake?.();
        wake = null;
      };
      Papa.parse<string[]>(text, {
        delimiter,
        quoteChar: '"',
        escapeChar: '"',
        chunkSize: CHUNK_CHARS,
        skipEmptyLines: false,
        chunk(results: Papa.ParseResult<string[]>, handle: Papa.Parser) {
          parser = handle;
          const unclosed = results.errors.find((e: Papa.ParseError) => e.code === "MissingQuotes");
          if (unclosed) {
            const row = record + (unclosed.row ?? 0) + 1;
            failure = new ImportFileError(
              `Row ${row} opens a quoted value (") that is never closed. Check the quotes in that row.`,
            );
            handle.abort();
          }
          for (const cells of results.data) queue.push({ row: ++record, cells });
          onCursor(results.meta.cursor);
          handle.pause();
          signal();
        },
        complete() {
          finished = true;
          signal();
        },
        error(error: Error) {
          failure = error;
          finished = true;
          signal();
        },
      });
      for (;;) {
        if (failure) throw failure;
        while (queue.length) yield queue.shift() as RawRow;
        if (finished) return;
        const waiting = new Promise<void>((resolve) => {
          wake = resolve;
        });
        (parser as Papa.Parser | null)?.resume();
        await waiting;
      }
    },
  };
}

export async function openCsv(path: string, size: number): Promise<SheetSource> {
  const bytes = await fs.readFile(path);
  const { encoding, bom } = detectEncoding(bytes.subarray(0, DETECT_BYTES));
  const text = decode(bytes, encoding, bom);
  if (!text.trim()) throw new ImportFileError("The file is empty: it has no header row and no tasks.");
  const delimiter = detectDelimiter(text.slice(0, 64 * 1024));
  let cursor = 0;
  return {
    kind: "csv",
    encoding,
    delimiter,
    warnings: [],
    total: size,
    progress: () => Math.round((cursor / text.length) * size),
    rows: () =>
      parseRecords(text, delimiter, (chars) => {
        cursor = chars;
      }),
  };
}
