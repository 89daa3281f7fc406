import { conflict } from "../http/problem.ts";
import type { Tx } from "../kernel/tx.ts";
import { publishBatch } from "./events.ts";
import { findWithdrawal, type WithdrawalRow } from "./rows.ts";

export type Settlement = { outcome: "paid" } | { outcome: "failed"; reason: string };

/**
 * Moves a withdrawal of a sent batch to its outcome, once (a conditional UPDATE): `true` when this call did
 * it; `false` when it already had this very outcome (a retry: nothing to post again). Any other state: 409.
 * The batch is settled with its last item.
 */
export async function settleWithdrawal(tx: Tx, row: WithdrawalRow, settlement: Settlement): Promise<boolean> {
  const update = await tx.db
    .updateTable("withdrawals")
    .set({
      status: settlement.outcome,
      reason: settlement.outcome === "failed" ? settlement.reason : null,
      settled_at: tx.now.toISOString(),
    })
    .where("id", "=", row.id)
    .where("status", "=", "in_batch")
    .where("batch_id", "in", (eb) =>
      eb.selectFrom("payout_batches").select("id").where("status", "=", "sent"),
    )
    .executeTakeFirst();
  if (Number(update.numUpdatedRows) === 1) {
    if (row.batch_id) await settleBatchIfDone(tx, row.batch_id);
    return true;
  }
  const now = await findWithdrawal(tx.db, row.id);
  if (now.status === settlement.outcome) return false;
  if (now.status === "in_batch")
    throw conflict(`The batch of withdrawal ${now.number} has not been marked sent to the bank yet.`);
  if (now.status === "paid" || now.status === "failed")
    throw conflict(`Withdrawal ${now.number} was already marked ${now.status}.`);
  throw conflict(`Withdrawal ${now.number} is not in a payout batch.`);
}

/**
 * Settles the batch when no item of it is left open. The batch's row is locked first (an update that changes
 * nothing): two items marked at once in two transactions would otherwise each see the other still open
 * (PostgreSQL's read committed does not show the other's uncommitted change) and neither settle the batch;
 * the second to take the lock reads after the first has committed.
 */
async function settleBatchIfDone(tx: Tx, batchId: string): Promise<void> {
  await tx.db
    .updateTable("payout_batches")
    .set({ status: "sent" })
    .where("id", "=", batchId)
    .where("status", "=", "sent")
    .execute();
  const open = await tx.db
    .selectFrom("withdrawals")
    .select("id")
    .where("batch_id", "=", batchId)
    .where("status", "=", "in_batch")
    .limit(1)
    .executeTakeFirst();
  if (open) return;
  const update = await tx.db
    .updateTable("payout_batches")
    .set({ status: "settled", settled_at: tx.now.toISOString() })
    .where("id", "=", batchId)
    .where("status", "=", "sent")
    .executeTakeFirst();
  if (Number(update.numUpdatedRows) === 1) publishBatch(tx, batchId, "settled");
}
