/**
 * The documents' rendering thread: pdfkit lays out and compresses a page in tens of milliseconds of CPU, which
 * must not hold the event loop that serves requests. Each message is one document to render; the answer is
 * its bytes (or why it failed), with the request's id.
 */
import { parentPort } from "node:worker_threads";
import { renderAct } from "./render-act.ts";
import type { RenderRequest } from "./render-in-worker.ts";
import { renderStatement } from "./render-statement.ts";

parentPort?.on("message", async (request: RenderRequest) => {
  try {
    const pdf =
      request.job.kind === "act"
        ? await renderAct(request.job.data)
        : await renderStatement(request.job.data);
    parentPort?.postMessage({ id: request.id, pdf });
  } catch (error) {
    parentPort?.postMessage({
      id: request.id,
      error: error instanceof Error ? error.message : String(error),
    });
  }
});
