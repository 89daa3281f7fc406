import { formatMoney } from "../../common/money.ts";
import type { Withdrawal } from "../../common/wire/payouts.ts";
import { recordAudit } from "../kernel/audit.ts";
import type { Tx } from "../kernel/tx.ts";
import { bankAccount, contractorAccount } from "../money/accounts.ts";
import { publishContractorBalance } from "../money/events.ts";
import { postTransfers } from "../money/ledger.ts";
import { publishWithdrawal } from "./events.ts";
import { findWithdrawal, presentWithdrawal } from "./rows.ts";
import { settleWithdrawal } from "./settle-withdrawal.ts";

/** The bank paid the withdrawal: its money leaves `withdrawing` for `bank`, once however often it is marked. */
export async function markWithdrawalPaid(
  tx: Tx,
  actor: { userId: string },
  withdrawalId: string,
): Promise<Withdrawal> {
  const row = await findWithdrawal(tx.db, withdrawalId);
  if (await settleWithdrawal(tx, row, { outcome: "paid" })) {
    await postTransfers(tx, [
      {
        id: `payout:${row.id}`,
        kind: "payout",
        amount: Number(row.amount_minor),
        debit: contractorAccount(row.user_id, "withdrawing", row.currency),
        credit: bankAccount(row.currency),
        reference: { type: "withdrawal", id: row.id, label: `Withdrawal ${row.number}` },
      },
    ]);
    const amount = formatMoney({ minor: Number(row.amount_minor), currency: row.currency });
    await recordAudit(
      tx,
      { companyId: null, userId: actor.userId, door: "finance" },
      {
        action: "withdrawal.paid",
        subjectType: "withdrawal",
        subjectId: row.id,
        summary: `Withdrawal ${row.number} of ${amount} ${row.currency} marked paid`,
        details: { number: row.number, amount, currency: row.currency, batchId: row.batch_id },
      },
    );
    publishWithdrawal(tx, await findWithdrawal(tx.db, row.id));
    await publishContractorBalance(tx, row.user_id, row.currency);
  }
  return presentWithdrawal(await findWithdrawal(tx.db, row.id), true);
}
