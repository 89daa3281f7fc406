import type { PayoutBatch } from "../../common/wire/payouts.ts";
import { conflict } from "../http/problem.ts";
import { recordAudit } from "../kernel/audit.ts";
import type { Tx } from "../kernel/tx.ts";
import { publishBatch } from "./events.ts";
import { findBatch, findBatchRow } from "./rows.ts";

/** Finance sent the batch's file to the bank: from now on its items can be marked paid or failed. */
export async function markBatchSent(
  tx: Tx,
  actor: { userId: string },
  batchId: string,
): Promise<PayoutBatch> {
  const row = await findBatchRow(tx.db, batchId);
  const update = await tx.db
    .updateTable("payout_batches")
    .set({ status: "sent", sent_at: tx.now.toISOString() })
    .where("id", "=", row.id)
    .where("status", "=", "built")
    .executeTakeFirst();
  if (Number(update.numUpdatedRows) !== 1)
    throw conflict(`Payout batch ${row.number} was already marked sent.`);
  await recordAudit(
    tx,
    { companyId: null, userId: actor.userId, door: "finance" },
    {
      action: "payout_batch.sent",
      subjectType: "payout_batch",
      subjectId: row.id,
      summary: `Payout batch ${row.number} marked sent to the bank`,
      details: { number: row.number, currency: row.currency, count: Number(row.item_count) },
    },
  );
  publishBatch(tx, row.id, "sent");
  return findBatch(tx.db, row.id);
}
