import { formatMoney } from "../../common/money.ts";
import { conflict } from "../http/problem.ts";
import { recordAudit } from "../kernel/audit.ts";
import type { Tx } from "../kernel/tx.ts";
import { contractorAccount } from "../money/accounts.ts";
import { publishContractorBalance } from "../money/events.ts";
import { postTransfers } from "../money/ledger.ts";
import { publishWithdrawal } from "./events.ts";
import { findOwnWithdrawal, findWithdrawal } from "./rows.ts";

/** The contractor takes back a withdrawal finance has not batched yet: the money is available again. */
export async function cancelWithdrawal(
  tx: Tx,
  actor: { userId: string },
  withdrawalId: string,
): Promise<void> {
  const row = await findOwnWithdrawal(tx.db, actor.userId, withdrawalId);
  const update = await tx.db
    .updateTable("withdrawals")
    .set({ status: "cancelled", settled_at: tx.now.toISOString() })
    .where("id", "=", row.id)
    .where("status", "=", "requested")
    .executeTakeFirst();
  if (Number(update.numUpdatedRows) !== 1) {
    throw conflict(
      `Withdrawal ${row.number} is already on its way to the bank: it can no longer be cancelled.`,
    );
  }
  await postTransfers(tx, [
    {
      id: `withdrawal_cancelled:${row.id}`,
      kind: "withdrawal_cancelled",
      amount: Number(row.amount_minor),
      debit: contractorAccount(row.user_id, "withdrawing", row.currency),
      credit: contractorAccount(row.user_id, "available", row.currency),
      reference: { type: "withdrawal", id: row.id, label: `Withdrawal ${row.number}` },
    },
  ]);
  const amount = formatMoney({ minor: Number(row.amount_minor), currency: row.currency });
  await recordAudit(
    tx,
    { companyId: null, userId: actor.userId, door: "web" },
    {
      action: "withdrawal.cancelled",
      subjectType: "withdrawal",
      subjectId: row.id,
      summary: `Withdrawal ${row.number} of ${amount} ${row.currency} cancelled`,
      details: { number: row.number, amount, currency: row.currency },
    },
  );
  publishWithdrawal(tx, await findWithdrawal(tx.db, row.id));
  await publishContractorBalance(tx, row.user_id, row.currency);
}
