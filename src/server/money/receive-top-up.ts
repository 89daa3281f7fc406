import { formatMoney, parseMoney } from "../../common/money.ts";
import type { TopUp } from "../../common/wire/money.ts";
import { conflict, invalidField, notFound } from "../http/problem.ts";
import { recordAudit } from "../kernel/audit.ts";
import type { Tx } from "../kernel/tx.ts";
import { enqueueEmails } from "../mail/outbox.ts";
import { bankAccount, companyAccount } from "./accounts.ts";
import { topUpReceivedEmail } from "./emails.ts";
import { publishCompanyBalance, publishTopUp } from "./events.ts";
import { postTransfers } from "./ledger.ts";
import { availableMinor } from "./queries.ts";
import { presentTopUp, type TopUpRow, topUpQuery } from "./top-up-rows.ts";

export interface Receipt {
  /** What actually arrived, as a decimal string in the top-up's currency; the asked amount when absent. */
  amount?: string | undefined;
  receivedBy: string;
  /** The company marked its own top-up received (outside production): test funds. */
  testFunds: boolean;
}

/**
 * The money of a top-up arrived: `bank` → the company's available money, once. The status changes only
 * from `awaiting_payment` (a conditional UPDATE), so a second recording, even at the same instant, is a 409
 * and posts nothing; the transfer's id is the top-up's, so nothing could post twice anyway.
 */
export async function receiveTopUp(tx: Tx, row: TopUpRow, receipt: Receipt): Promise<TopUp> {
  let minor = Number(row.amount_minor);
  if (receipt.amount !== undefined) {
    const parsed = parseMoney(receipt.amount, row.currency);
    if (!parsed.ok) throw invalidField("amount", parsed.message);
    minor = parsed.money.minor;
  }
  const iso = tx.now.toISOString();
  const update = await tx.db
    .updateTable("top_ups")
    .set({
      status: "received",
      received_amount_minor: minor,
      received_at: iso,
      received_by: receipt.receivedBy,
      test_funds: receipt.testFunds ? 1 : 0,
    })
    .where("id", "=", row.id)
    .where("status", "=", "awaiting_payment")
    .executeTakeFirst();
  if (Number(update.numUpdatedRows) !== 1) {
    const now = await topUpQuery(tx.db).where("u.id", "=", row.id).executeTakeFirst();
    if (!now) throw notFound("Top-up");
    throw conflict(
      now.status === "received"
        ? `Top-up ${now.number} was already recorded as received; nothing was added again.`
        : `Top-up ${now.number} was cancelled: nothing can be received for it.`,
    );
  }
  await postTransfers(tx, [
    {
      id: `top_up:${row.id}`,
      kind: "top_up",
      amount: minor,
      debit: bankAccount(row.currency),
      credit: companyAccount(row.company_id, "available", row.currency),
      reference: { type: "top_up", id: row.id, label: `Top-up ${row.number}` },
    },
  ]);
  const owners = await tx.db
    .selectFrom("memberships as m")
    .innerJoin("users as u", "u.id", "m.user_id")
    .select("u.email")
    .where("m.company_id", "=", row.company_id)
    .where("m.role", "=", "owner")
    .execute();
  const available = formatMoney({
    minor: await availableMinor(tx.db, row.company_id, row.currency),
    currency: row.currency,
  });
  await enqueueEmails(
    tx.db,
    owners.map((o) => ({
      ...topUpReceivedEmail({
        recipient: o.email,
        appUrl: tx.config.appUrl,
        companyId: row.company_id,
        companyName: row.company_name,
        number: row.number,
        received: formatMoney({ minor, currency: row.currency }),
        currency: row.currency,
        available,
        testFunds: receipt.testFunds,
      }),
      dedupeKey: `top-up-received:${row.id}:${o.email}`,
    })),
    tx.now,
  );
  const received = await topUpQuery(tx.db).where("u.id", "=", row.id).executeTakeFirstOrThrow();
  publishTopUp(tx, received);
  const amount = formatMoney({ minor, currency: row.currency });
  await recordAudit(
    tx,
    { companyId: row.company_id, userId: receipt.receivedBy, door: receipt.testFunds ? "web" : "finance" },
    {
      action: "top_up.received",
      subjectType: "top_up",
      subjectId: row.id,
      summary: `Top-up ${row.number}: ${amount} ${row.currency} received${receipt.testFunds ? " (test funds)" : ""}`,
      details: { number: row.number, amount, currency: row.currency, testFunds: receipt.testFunds },
    },
  );
  await publishCompanyBalance(tx, row.company_id, row.currency);
  return presentTopUp(received);
}
