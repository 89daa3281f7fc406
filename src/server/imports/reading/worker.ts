/**
 * The worker thread that reads one uploaded file, so that parsing never holds up the app's event loop.
 * It posts the read events to the app and waits for the app to acknowledge row batches, a few at a time,
 * so a fast reader never piles up rows the database has not taken yet.
 */
import { parentPort, workerData } from "node:worker_threads";
import { ImportFileError } from "./file-error.ts";
import { readImportFile } from "./read-file.ts";
import type { WorkerInput, WorkerMessage } from "./run-worker.ts";

const IN_FLIGHT = 8;

const port = parentPort;
if (!port) throw new Error("worker.ts runs as a worker thread");
const input = workerData as WorkerInput;

let credits = IN_FLIGHT;
let wake: (() => void) | null = null;
port.on("message", (message: unknown) => {
  if (message !== "ack") return;
  credits++;
  wake?.();
  wake = null;
});

const post = (message: WorkerMessage) => port.postMessage(message);

try {
  for await (const event of readImportFile(input.path, input.fileName, input.size)) {
    if (event.type === "rows") {
      while (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
      credits--;
    }
    post({ type: "event", event });
  }
  post({ type: "closed" });
} catch (error) {
  if (error instanceof ImportFileError) post({ type: "failed", message: error.message });
  else
    post({
      type: "crashed",
      detail: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
} finally {
  port.close();
}
