import { Worker } from "node:worker_threads";
import type SQLite from "better-sqlite3";

/**
 * How often the checkpointer copies the log into the database file. A page that several commits rewrote in
 * between is copied once: during a task import, whose chunks rewrite the same index pages again and again,
 * every second instead of every 200 ms cut the checkpointer's time by 29–54 % and the bytes written by a
 * tenth (docs/benchmarks.md).
 */
const CHECKPOINT_EVERY_MS = 1000;
/** SQLite's own default: a commit that finds this many pages in the log checkpoints them itself. */
const AUTOCHECKPOINT_PAGES = 1000;

/**
 * Moves SQLite's checkpoints off the event loop. By default the commit that fills the write-ahead log past
 * 1,000 pages copies them into the database file and syncs it, on the thread that committed: here the event
 * loop, so every other request waits (the import's chunks and task payments spent up to a third of their time
 * in COMMIT). Instead a worker thread checkpoints every second on a connection of its own, and the app's
 * connection never does. Should the thread fail, the connection checkpoints itself again, as before.
 * Returns the stop for `close`.
 */
export function checkpointInBackground(sqlite: SQLite.Database, file: string): () => Promise<void> {
  sqlite.pragma("wal_autocheckpoint = 0");
  const worker = new Worker(new URL("./checkpoint-worker.mjs", import.meta.url), {
    workerData: { file, everyMs: CHECKPOINT_EVERY_MS },
  });
  worker.unref();
  let stopping = false;
  const exited = new Promise<void>((resolve) => {
    worker.once("exit", () => {
      if (!stopping && sqlite.open) sqlite.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
      resolve();
    });
  });
  worker.on("error", () => {
    // Its exit follows and hands checkpoints back to the connection.
  });
  return async () => {
    stopping = true;
    // Held until the thread has closed its connection: a process that awaits this close to end must not end
    // before it (Node would leave its await unsettled).
    worker.ref();
    worker.postMessage("stop");
    await exited;
  };
}
