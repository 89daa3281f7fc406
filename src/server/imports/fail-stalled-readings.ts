import type { Tx } from "../kernel/tx.ts";
import { recordFailure } from "./fail-reading.ts";

/** A reading stages a batch every few milliseconds; one silent this long stopped with its process. */
export const STALLED_AFTER_MS = 10 * 60 * 1000;

export const STALLED_MESSAGE =
  "Reading this file stopped because the server restarted. Upload the file again.";

/**
 * Fails the imports whose reading stopped with the process that was reading them (a restart, a crash):
 * the user sees why and uploads again, instead of a progress bar that never ends. Their staged rows go.
 */
export async function failStalledReadings(tx: Tx): Promise<number> {
  const cutoff = new Date(tx.now.getTime() - STALLED_AFTER_MS).toISOString();
  const stalled = await tx.db
    .selectFrom("task_imports")
    .select(["id", "company_id"])
    .where("status", "=", "parsing")
    .where("updated_at", "<", cutoff)
    .limit(100)
    .execute();
  for (const row of stalled)
    await recordFailure(tx, row.company_id, { importId: row.id, message: STALLED_MESSAGE });
  return stalled.length;
}
