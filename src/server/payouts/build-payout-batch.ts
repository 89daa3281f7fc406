import { isCurrencyCode } from "../../common/currencies.ts";
import { formatMoney } from "../../common/money.ts";
import type { PayoutBatch } from "../../common/wire/payouts.ts";
import { newId } from "../db/ids.ts";
import { conflict, invalidField } from "../http/problem.ts";
import { recordAudit } from "../kernel/audit.ts";
import type { Tx } from "../kernel/tx.ts";
import { nextDocumentNumber } from "../money/top-up-rows.ts";
import { publishBatch, publishWithdrawal } from "./events.ts";
import { batchItems, findBatchRow, presentBatch } from "./rows.ts";

/** Past this many items a batch's withdrawals are not announced one by one (their pages refetch on their own). */
const ANNOUNCED_ITEMS = 200;

/**
 * Finance gathers every requested withdrawal of one currency into a new batch (one statement, so a
 * withdrawal cancelled at the same moment is either in the batch or cancelled, never both). None: 409.
 */
export async function buildPayoutBatch(
  tx: Tx,
  actor: { userId: string },
  input: { currency: string },
): Promise<PayoutBatch> {
  const currency = input.currency.toUpperCase();
  if (!isCurrencyCode(currency))
    throw invalidField("currency", "currency must be an ISO 4217 code such as EUR");
  const id = newId(tx.now.getTime());
  const year = tx.now.getUTCFullYear();
  const number = `PB-${year}-${String(await nextDocumentNumber(tx.db, "payout_batch", year)).padStart(6, "0")}`;
  await tx.db
    .insertInto("payout_batches")
    .values({
      id,
      number,
      currency,
      status: "built",
      item_count: 0,
      total_minor: 0,
      created_by: actor.userId,
      created_at: tx.now.toISOString(),
      sent_at: null,
      settled_at: null,
    })
    .execute();
  await tx.db
    .updateTable("withdrawals")
    .set({ status: "in_batch", batch_id: id })
    .where("status", "=", "requested")
    .where("currency", "=", currency)
    .execute();
  const totals = await tx.db
    .selectFrom("withdrawals")
    .select([
      (eb) => eb.fn.countAll<number>().as("count"),
      (eb) => eb.fn.sum<number>("amount_minor").as("total"),
    ])
    .where("batch_id", "=", id)
    .executeTakeFirstOrThrow();
  const count = Number(totals.count);
  if (count === 0)
    throw conflict(`No withdrawal in ${currency} is waiting: there is nothing to put in a batch.`);
  const total = Number(totals.total);
  await tx.db
    .updateTable("payout_batches")
    .set({ item_count: count, total_minor: total })
    .where("id", "=", id)
    .execute();

  const amount = formatMoney({ minor: total, currency });
  await recordAudit(
    tx,
    { companyId: null, userId: actor.userId, door: "finance" },
    {
      action: "payout_batch.built",
      subjectType: "payout_batch",
      subjectId: id,
      summary: `Payout batch ${number} built: ${count} withdrawals, ${amount} ${currency}`,
      details: { number, currency, count, total: amount },
    },
  );
  const items = await batchItems(tx.db, id);
  if (items.length <= ANNOUNCED_ITEMS) for (const item of items) publishWithdrawal(tx, item);
  publishBatch(tx, id, "built");
  return presentBatch(await findBatchRow(tx.db, id), items);
}
