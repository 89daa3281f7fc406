import fs from "node:fs";
import { createRequire } from "node:module";
import type * as fontkit from "fontkit";
import type PDFDocumentClass from "pdfkit";

const require = createRequire(import.meta.url);

/**
 * pdfkit and fontkit are loaded with the first document, not with the server: most processes never write a
 * PDF, and the two hold about 8 MiB.
 */
let pdfkit: { PDFDocument: typeof PDFDocumentClass; fontkit: typeof fontkit } | null = null;
function loadPdfkit() {
  pdfkit ??= {
    PDFDocument: require("pdfkit") as typeof PDFDocumentClass,
    fontkit: require("fontkit") as typeof fontkit,
  };
  return pdfkit;
}

/**
 * Noto Sans (SIL Open Font License 1.1, from the npm package `@expo-google-fonts/noto-sans`): Latin, Greek
 * and Cyrillic, so a name such as "Иван Петров" prints as written. pdfkit embeds the glyphs a document uses.
 */

/**
 * Parsed once per process and shared by every document: parsing the font's tables again for each PDF cost
 * most of a document's time (pdfkit takes a parsed font as well as a file). Each document still embeds a
 * subset of its own.
 */
let fonts: { regular: fontkit.Font; bold: fontkit.Font } | null = null;
function loadFonts() {
  const { create } = loadPdfkit().fontkit;
  fonts ??= {
    regular: create(
      fs.readFileSync(require.resolve("@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf")),
    ) as fontkit.Font,
    bold: create(
      fs.readFileSync(require.resolve("@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf")),
    ) as fontkit.Font,
  };
  return fonts;
}

export interface Pdf {
  doc: PDFKit.PDFDocument;
  /** The whole file, once `doc.end()` was called. */
  done: Promise<Buffer>;
}

/** A new A4 document written in Noto Sans (`doc.font("bold")` for headings), its bytes gathered. */
export function newPdf(info: { title: string; author: string; createdAt?: Date }): Pdf {
  const { regular, bold } = loadFonts();
  const { PDFDocument } = loadPdfkit();
  const doc = new PDFDocument({
    size: "A4",
    margin: 56,
    // The default font too, so no standard font is read for nothing.
    font: regular as unknown as string,
    info: {
      Title: info.title,
      Author: info.author,
      ...(info.createdAt ? { CreationDate: info.createdAt } : {}),
    },
  });
  doc.registerFont("regular", regular as unknown as string);
  doc.registerFont("bold", bold as unknown as string);
  doc.font("regular");
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  return { doc, done };
}
