import { createRequire } from "node:module";
import PDFDocument from "pdfkit";

const require = createRequire(import.meta.url);

/**
 * Noto Sans (SIL Open Font License 1.1, from the npm package `@expo-google-fonts/noto-sans`): Latin, Greek
 * and Cyrillic, so a name such as "Иван Петров" prints as written. pdfkit embeds the glyphs a document uses.
 */
const FONTS = {
  regular: require.resolve("@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf"),
  bold: require.resolve("@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf"),
};

export interface Pdf {
  doc: PDFKit.PDFDocument;
  /** The whole file, once `doc.end()` was called. */
  done: Promise<Buffer>;
}

/** A new A4 document written in Noto Sans (`doc.font("bold")` for headings), its bytes gathered. */
export function newPdf(info: { title: string; author: string; createdAt?: Date }): Pdf {
  const doc = new PDFDocument({
    size: "A4",
    margin: 56,
    info: {
      Title: info.title,
      Author: info.author,
      ...(info.createdAt ? { CreationDate: info.createdAt } : {}),
    },
  });
  doc.registerFont("regular", FONTS.regular);
  doc.registerFont("bold", FONTS.bold);
  doc.font("regular");
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  return { doc, done };
}
