import { formatMoney, parseMoney } from "../../common/money.ts";
import type { Withdrawal } from "../../common/wire/payouts.ts";
import { newId } from "../db/ids.ts";
import { conflict, invalidField } from "../http/problem.ts";
import { recordAudit } from "../kernel/audit.ts";
import type { Tx } from "../kernel/tx.ts";
import { contractorAccount } from "../money/accounts.ts";
import { publishContractorBalance } from "../money/events.ts";
import { InsufficientFunds, postTransfers } from "../money/ledger.ts";
import { nextDocumentNumber } from "../money/top-up-rows.ts";
import { publishWithdrawal } from "./events.ts";
import { findWithdrawal, presentWithdrawal } from "./rows.ts";

/**
 * The contractor asks to be paid out: the amount moves from their available earnings to `withdrawing` at
 * once (refused whole, 409, when more than available), to the payout account they have now.
 */
export async function requestWithdrawal(
  tx: Tx,
  actor: { userId: string },
  input: { amount: string; currency: string },
): Promise<Withdrawal> {
  const parsed = parseMoney(input.amount, input.currency);
  if (!parsed.ok) throw invalidField(parsed.field, parsed.message);
  const { minor, currency } = parsed.money;
  const details = await tx.db
    .selectFrom("payout_details")
    .selectAll()
    .where("user_id", "=", actor.userId)
    .executeTakeFirst();
  if (!details) throw conflict("Add your payout account (IBAN) before asking for a withdrawal.");

  const id = newId(tx.now.getTime());
  const year = tx.now.getUTCFullYear();
  const number = `WD-${year}-${String(await nextDocumentNumber(tx.db, "withdrawal", year)).padStart(6, "0")}`;
  await tx.db
    .insertInto("withdrawals")
    .values({
      id,
      number,
      user_id: actor.userId,
      amount_minor: minor,
      currency,
      status: "requested",
      account_holder: details.account_holder,
      iban: details.iban,
      bic: details.bic,
      batch_id: null,
      reason: null,
      created_at: tx.now.toISOString(),
      settled_at: null,
    })
    .execute();
  try {
    await postTransfers(tx, [
      {
        id: `withdrawal:${id}`,
        kind: "withdrawal",
        amount: minor,
        debit: contractorAccount(actor.userId, "available", currency),
        credit: contractorAccount(actor.userId, "withdrawing", currency),
        reference: { type: "withdrawal", id, label: `Withdrawal ${number}` },
      },
    ]);
  } catch (error) {
    if (!(error instanceof InsufficientFunds)) throw error;
    const available = formatMoney({ minor: error.available, currency });
    throw conflict(`You have ${available} ${currency} available: you cannot withdraw more than that.`);
  }
  await recordAudit(
    tx,
    { companyId: null, userId: actor.userId, door: "web" },
    {
      action: "withdrawal.requested",
      subjectType: "withdrawal",
      subjectId: id,
      summary: `Withdrawal ${number} of ${formatMoney(parsed.money)} ${currency} requested`,
      details: { number, amount: formatMoney(parsed.money), currency, ibanEnd: details.iban.slice(-4) },
    },
  );
  const row = await findWithdrawal(tx.db, id);
  publishWithdrawal(tx, row);
  await publishContractorBalance(tx, actor.userId, currency);
  return presentWithdrawal(row);
}
