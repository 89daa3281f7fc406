import { Worker } from "node:worker_threads";
import type { ActData } from "./render-act.ts";
import type { StatementPrint } from "./render-statement.ts";

/** One document for the rendering thread. */
export type RenderJob = { kind: "act"; data: ActData } | { kind: "statement"; data: StatementPrint };
export interface RenderRequest {
  id: number;
  job: RenderJob;
}
type RenderAnswer = { id: number; pdf: Uint8Array } | { id: number; error: string };

let worker: Worker | null = null;
let nextId = 0;
const pending = new Map<number, { resolve: (pdf: Buffer) => void; reject: (error: Error) => void }>();

function failAll(error: Error): void {
  for (const waiting of pending.values()) waiting.reject(error);
  pending.clear();
  worker = null;
}

function thread(): Worker {
  if (worker) return worker;
  const started = new Worker(new URL("./render-worker-entry.mjs", import.meta.url));
  started.on("message", (answer: RenderAnswer) => {
    const waiting = pending.get(answer.id);
    if (!waiting) return;
    pending.delete(answer.id);
    if ("error" in answer) waiting.reject(new Error(`the document was not rendered: ${answer.error}`));
    else waiting.resolve(Buffer.from(answer.pdf.buffer, answer.pdf.byteOffset, answer.pdf.byteLength));
    // An idle thread does not keep the process alive (a command ends when its work does).
    if (pending.size === 0) started.unref();
  });
  started.on("error", (error) => failAll(error));
  started.on("exit", (code) => failAll(new Error(`the rendering thread exited with code ${code}`)));
  worker = started;
  return started;
}

/**
 * Renders a document in the process's one rendering thread (started on first use), so that the event loop
 * serving requests only waits for the bytes. Documents are rendered one after another, in order.
 */
export function renderInWorker(job: RenderJob): Promise<Buffer> {
  const target = thread();
  const id = ++nextId;
  return new Promise<Buffer>((resolve, reject) => {
    pending.set(id, { resolve, reject });
    target.ref();
    target.postMessage({ id, job } satisfies RenderRequest);
  });
}
