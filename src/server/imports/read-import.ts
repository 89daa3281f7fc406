/**
 * Reads an uploaded file into its import, off the request: the worker thread parses and checks the rows,
 * each batch is staged in a short transaction of its own, and the company sees the progress live (at most
 * twice a second). The uploaded file is deleted at the end, whatever happens.
 */
import fs from "node:fs/promises";
import { setImmediate as nextTurn } from "node:timers/promises";
import type { FastifyBaseLogger } from "fastify";
import type { CompanyActor } from "../kernel/actors.ts";
import type { AppContext } from "../kernel/context.ts";
import { observeImport } from "../kernel/metrics.ts";
import { transact } from "../kernel/transaction.ts";
import { failReading } from "./fail-reading.ts";
import { finishReading } from "./finish-reading.ts";
import { ImportFileError } from "./reading/file-error.ts";
import { ReaderCrash, readInWorker } from "./reading/run-worker.ts";
import { recordFileFacts } from "./record-file.ts";
import { ImportStopped, stageRows } from "./stage-rows.ts";
import type { StoredUpload } from "./upload.ts";

const PROGRESS_EVERY_MS = 500;

/** Readings under way in this process: the app waits for them when it stops. */
export const readingsInFlight = new Set<Promise<void>>();

/** What to read, and for whom: the person who uploaded the file, in their company. */
export interface Reading {
  actor: CompanyActor;
  importId: string;
  upload: StoredUpload;
}

/** Starts reading in the background; the request that uploaded the file does not wait for it. */
export function startReading(context: AppContext, reading: Reading, log: FastifyBaseLogger): void {
  const running = readImport(context, reading, log).finally(() => readingsInFlight.delete(running));
  readingsInFlight.add(running);
}

/**
 * Runs the reading to its end: each step is a use case in its own short transaction, on behalf of the
 * uploader. A discarded import stops it (ImportStopped).
 */
export async function readImport(
  context: AppContext,
  reading: Reading,
  log: FastifyBaseLogger,
): Promise<void> {
  const { actor, importId, upload } = reading;
  let lastProgress = Date.now();
  const startedAt = performance.now();
  try {
    for await (const event of readInWorker({
      path: upload.path,
      fileName: upload.fileName,
      size: upload.size,
    })) {
      if (event.type === "file") {
        await transact(context, (tx) => recordFileFacts(tx, actor, { importId, facts: event }));
      } else if (event.type === "rows") {
        const publish = Date.now() - lastProgress >= PROGRESS_EVERY_MS;
        if (publish) lastProgress = Date.now();
        const batch = { importId, rows: event.rows, done: event.done, publish };
        await transact(context, (tx) => stageRows(tx, actor, batch));
      } else {
        await transact(context, (tx) => finishReading(tx, actor, importId));
        observeImport("reading", startedAt, event.dataRows);
      }
      // Batches that arrived together would otherwise be staged in one go, without the event loop turning
      // in between (on SQLite every query settles at once): let other requests in after each one.
      await nextTurn();
    }
  } catch (error) {
    if (error instanceof ImportStopped) return;
    if (!(error instanceof ImportFileError)) {
      log.error(
        { err: error, detail: error instanceof ReaderCrash ? error.detail : undefined },
        "import reading failed",
      );
    }
    const message =
      error instanceof ImportFileError || error instanceof ReaderCrash
        ? error.message
        : "The file could not be read because of an error on our side. Try again; if it persists, contact support.";
    await transact(context, (tx) => failReading(tx, actor, { importId, message })).catch(
      (failure: unknown) => {
        if (!(failure instanceof ImportStopped)) log.error({ err: failure }, "import failure not recorded");
      },
    );
  } finally {
    await fs.rm(upload.dir, { recursive: true, force: true });
  }
}
