import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import type { TestApp, TestClient } from "./test-app.ts";

/** The text of every page of a PDF, as a reader's copy-and-paste would give it (pdf.js), pages joined. */
export async function pdfText(pdf: Uint8Array): Promise<string> {
  const doc = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const content = await page.getTextContent();
    pages.push(content.items.map((item) => ("str" in item ? item.str : "")).join(" "));
  }
  await doc.destroy();
  return pages.join("\n");
}

/** A file as the signed-in client downloads it: the status, its type and its bytes. */
export async function download(
  t: Pick<TestApp, "app">,
  client: TestClient,
  url: string,
): Promise<{ status: number; type: string; bytes: Buffer }> {
  const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  const res = await t.app.inject({ method: "GET", url, headers: cookie ? { cookie } : {} });
  return { status: res.statusCode, type: String(res.headers["content-type"] ?? ""), bytes: res.rawPayload };
}
