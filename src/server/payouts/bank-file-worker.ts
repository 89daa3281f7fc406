/**
 * The worker thread that writes a large batch's bank file (pain.001 XML or CSV), so that writing 10,000
 * transactions never holds up the app's event loop. It posts the file's text back and ends.
 */
import { parentPort, workerData } from "node:worker_threads";
import { batchCsv, pain001Xml } from "./bank-files.ts";
import type { BankFileJob } from "./render-bank-file.ts";

const port = parentPort;
if (!port) throw new Error("bank-file-worker.ts runs as a worker thread");
const job = workerData as BankFileJob;
port.postMessage(
  job.kind === "csv" ? batchCsv(job.batch, job.items) : pain001Xml(job.batch, job.items, job.debtor),
);
