import { formatMoney } from "../../common/money.ts";
import type { Withdrawal } from "../../common/wire/payouts.ts";
import { invalidField } from "../http/problem.ts";
import { recordAudit } from "../kernel/audit.ts";
import type { Tx } from "../kernel/tx.ts";
import { enqueueEmails } from "../mail/outbox.ts";
import { contractorAccount } from "../money/accounts.ts";
import { publishContractorBalance } from "../money/events.ts";
import { postTransfers } from "../money/ledger.ts";
import { payoutFailedEmail } from "./emails.ts";
import { publishWithdrawal } from "./events.ts";
import { findWithdrawal, presentWithdrawal } from "./rows.ts";
import { settleWithdrawal } from "./settle-withdrawal.ts";

export const REASON_MAX = 500;

/**
 * The bank returned the payout: the money goes back to the contractor's available earnings, once, and they
 * are emailed the bank's reason.
 */
export async function markWithdrawalFailed(
  tx: Tx,
  actor: { userId: string },
  withdrawalId: string,
  input: { reason: string },
): Promise<Withdrawal> {
  const reason = input.reason.trim();
  if (reason === "")
    throw invalidField("reason", "Enter the bank's reason, as the contractor should read it.");
  if (reason.length > REASON_MAX)
    throw invalidField("reason", `The reason may have at most ${REASON_MAX} characters.`);
  const row = await findWithdrawal(tx.db, withdrawalId);
  if (await settleWithdrawal(tx, row, { outcome: "failed", reason })) {
    const minor = Number(row.amount_minor);
    await postTransfers(tx, [
      {
        id: `payout_failed:${row.id}`,
        kind: "payout_failed",
        amount: minor,
        debit: contractorAccount(row.user_id, "withdrawing", row.currency),
        credit: contractorAccount(row.user_id, "available", row.currency),
        reference: { type: "withdrawal", id: row.id, label: `Withdrawal ${row.number}` },
      },
    ]);
    const amount = formatMoney({ minor, currency: row.currency });
    await enqueueEmails(
      tx.db,
      [
        {
          ...payoutFailedEmail({
            recipient: row.user_email,
            appUrl: tx.config.appUrl,
            number: row.number,
            amount,
            currency: row.currency,
            reason,
          }),
          dedupeKey: `payout-failed:${row.id}`,
        },
      ],
      tx.now,
    );
    await recordAudit(
      tx,
      { companyId: null, userId: actor.userId, door: "finance" },
      {
        action: "withdrawal.failed",
        subjectType: "withdrawal",
        subjectId: row.id,
        summary: `Withdrawal ${row.number} of ${amount} ${row.currency} marked failed: ${reason}`,
        details: { number: row.number, amount, currency: row.currency, batchId: row.batch_id, reason },
      },
    );
    publishWithdrawal(tx, await findWithdrawal(tx.db, row.id));
    await publishContractorBalance(tx, row.user_id, row.currency);
  }
  return presentWithdrawal(await findWithdrawal(tx.db, row.id), true);
}
