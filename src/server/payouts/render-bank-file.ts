import { Worker } from "node:worker_threads";
import type { PayoutBatchesTable } from "../db/types.ts";
import { type BankFileItem, batchCsv, type Debtor, pain001Xml } from "./bank-files.ts";

export type BankFileJob =
  | { kind: "csv"; batch: PayoutBatchesTable; items: BankFileItem[] }
  | { kind: "pain001"; batch: PayoutBatchesTable; items: BankFileItem[]; debtor: Debtor };

/** Up to this many items a file is written in place (a few milliseconds); more go to a worker thread. */
const IN_PLACE_ITEMS = 500;

/**
 * Writes a batch's bank file. A large batch's file is written in a worker thread (`bank-file-worker.ts`):
 * 10,000 transactions take seconds of CPU, which the event loop of a process serving everyone cannot spare.
 */
export function renderBankFile(job: BankFileJob): Promise<string> {
  if (job.items.length <= IN_PLACE_ITEMS) {
    return Promise.resolve(
      job.kind === "csv" ? batchCsv(job.batch, job.items) : pain001Xml(job.batch, job.items, job.debtor),
    );
  }
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./bank-file-worker-entry.mjs", import.meta.url), { workerData: job });
    let done = false;
    worker.once("message", (text: string) => {
      done = true;
      resolve(text);
    });
    worker.once("error", (error) => {
      done = true;
      reject(error);
    });
    worker.once("exit", (code) => {
      if (!done) reject(new Error(`the bank file worker exited with code ${code} before it answered`));
    });
  });
}
