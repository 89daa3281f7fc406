/**
 * Reads an uploaded file into its import, off the request: the worker thread parses and checks the rows,
 * each batch is staged in a short transaction of its own, and the company sees the progress live (at most
 * twice a second). The uploaded file is deleted at the end, whatever happens.
 */
import fs from "node:fs/promises";
import { setImmediate as nextTurn } from "node:timers/promises";
import type { FastifyBaseLogger } from "fastify";
import type { AppContext } from "../kernel/context.ts";
import { transact } from "../kernel/transaction.ts";
import type { ImportRef } from "./actor.ts";
import { failReading, finishReading } from "./finish-reading.ts";
import { ImportFileError } from "./reading/file-error.ts";
import { ReaderCrash, readInWorker } from "./reading/run-worker.ts";
import { recordFileFacts } from "./record-file.ts";
import { ImportStopped, stageRows } from "./stage-rows.ts";
import type { StoredUpload } from "./upload.ts";

const PROGRESS_EVERY_MS = 500;

/** Readings under way in this process: the app waits for them when it stops. */
export const readingsInFlight = new Set<Promise<void>>();

/** Starts reading in the background; the request that uploaded the file does not wait for it. */
export function startReading(
  context: AppContext,
  ref: ImportRef,
  upload: StoredUpload,
  log: FastifyBaseLogger,
): void {
  const reading = readImport(context, ref, upload, log).finally(() => readingsInFlight.delete(reading));
  readingsInFlight.add(reading);
}

export async function readImport(
  context: AppContext,
  ref: ImportRef,
  upload: StoredUpload,
  log: FastifyBaseLogger,
): Promise<void> {
  let lastProgress = Date.now();
  try {
    for await (const event of readInWorker({
      path: upload.path,
      fileName: upload.fileName,
      size: upload.size,
    })) {
      if (event.type === "file") await transact(context, (tx) => recordFileFacts(tx, ref, event));
      else if (event.type === "rows") {
        const publish = Date.now() - lastProgress >= PROGRESS_EVERY_MS;
        if (publish) lastProgress = Date.now();
        await transact(context, (tx) => stageRows(tx, ref, event.rows, event.done, publish));
      } else await transact(context, (tx) => finishReading(tx, ref));
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
    await transact(context, (tx) => failReading(tx, ref, message)).catch((failure: unknown) => {
      if (!(failure instanceof ImportStopped)) log.error({ err: failure }, "import failure not recorded");
    });
  } finally {
    await fs.rm(upload.dir, { recursive: true, force: true });
  }
}
