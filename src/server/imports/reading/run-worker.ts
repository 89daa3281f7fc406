/**
 * Reads a file in a worker thread (worker.ts) and gives its events to the app as an async iterator. A
 * process reads a few files at once at most; more wait their turn. Leaving the loop early (the import was
 * discarded) stops the worker.
 */
import { Worker } from "node:worker_threads";
import { ImportFileError } from "./file-error.ts";
import type { ReadEvent } from "./read-file.ts";

export interface WorkerInput {
  path: string;
  fileName: string;
  size: number;
}

export type WorkerMessage =
  | { type: "event"; event: ReadEvent }
  | { type: "closed" }
  | { type: "failed"; message: string }
  | { type: "crashed"; detail: string };

/** Files read at once by one process; each worker holds its file's text in memory. */
export const READERS_PER_PROCESS = 2;

/**
 * The reader's young generation, in MiB. It allocates fast and keeps little (a batch of rows at a time), so
 * a small nursery costs it no time, while V8's default (48 MiB on this kind of machine) added 20–30 MiB to
 * the process's peak while a file was read.
 */
const READER_YOUNG_GENERATION_MB = 6;

let running = 0;
const waiting: Array<() => void> = [];

async function takeTurn(): Promise<() => void> {
  if (running >= READERS_PER_PROCESS) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  return () => {
    running--;
    waiting.shift()?.();
  };
}

/** An unexpected failure of the reader (a bug, not the file): the app logs `detail`. */
export class ReaderCrash extends Error {
  constructor(readonly detail: string) {
    super(
      "The file could not be read because of an error on our side. Try again; if it persists, contact support.",
    );
  }
}

export async function* readInWorker(input: WorkerInput): AsyncGenerator<ReadEvent> {
  const release = await takeTurn();
  const worker = new Worker(new URL("./worker-entry.mjs", import.meta.url), {
    workerData: input,
    resourceLimits: { maxYoungGenerationSizeMb: READER_YOUNG_GENERATION_MB },
  });
  const inbox: WorkerMessage[] = [];
  let wake: (() => void) | null = null;
  let exited: Error | null = null;
  const push = (message: WorkerMessage) => {
    inbox.push(message);
    wake?.();
    wake = null;
  };
  worker.on("message", push);
  worker.on("error", (error) => push({ type: "crashed", detail: error.stack ?? error.message }));
  worker.on("exit", (code) => {
    exited = new ReaderCrash(`the reader exited with code ${code}`);
    wake?.();
    wake = null;
  });
  try {
    for (;;) {
      const message = inbox.shift();
      if (!message) {
        if (exited) throw exited;
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      if (message.type === "closed") return;
      if (message.type === "failed") throw new ImportFileError(message.message);
      if (message.type === "crashed") throw new ReaderCrash(message.detail);
      yield message.event;
      if (message.event.type === "rows") worker.postMessage("ack");
    }
  } finally {
    worker.removeAllListeners();
    await worker.terminate();
    release();
  }
}
