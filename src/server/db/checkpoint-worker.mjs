// The SQLite checkpointer's thread (sqlite-checkpoints.ts): every `everyMs` it copies the pages that
// committed transactions left in the write-ahead log into the database file, and syncs the file, on a
// connection of its own. PASSIVE: it waits for no reader and no writer, and takes no write lock.
import { parentPort, workerData } from "node:worker_threads";
import SQLite from "better-sqlite3";

const { file, everyMs } = workerData;
const db = new SQLite(file);
const timer = setInterval(() => {
  try {
    db.pragma("wal_checkpoint(PASSIVE)");
  } catch {
    // A moment the file cannot be read (it is being replaced): the next round tries again.
  }
}, everyMs);

parentPort?.on("message", (message) => {
  if (message !== "stop") return;
  clearInterval(timer);
  db.close();
  parentPort?.close();
});
