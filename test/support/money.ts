import { formatMoney } from "../../src/common/money.ts";
import { transact } from "../../src/server/kernel/transaction.ts";
import { receiveTopUp } from "../../src/server/money/receive-top-up.ts";
import { requestTopUp } from "../../src/server/money/request-top-up.ts";
import { topUpQuery } from "../../src/server/money/top-up-rows.ts";
import type { TestApp } from "./test-app.ts";

/**
 * Money in a company's balance, as the app puts it there: the owner asks for a top-up and it is recorded
 * received (test funds, as an owner may outside production). `amount` is a decimal string.
 */
export async function fundCompany(
  t: Pick<TestApp, "context">,
  company: { id: string; owner: { id: string } },
  amount: string,
  currency = "USD",
): Promise<void> {
  await transact(t.context, async (tx) => {
    const topUp = await requestTopUp(
      tx,
      { companyId: company.id, userId: company.owner.id },
      { amount, currency },
    );
    const row = await topUpQuery(tx.db).where("u.id", "=", topUp.id).executeTakeFirstOrThrow();
    await receiveTopUp(tx, row, { receivedBy: company.owner.id, testFunds: true });
  });
}

/** A company's balance in one currency as its members read it: `{available, reserved}` in minor units. */
export async function balanceOf(
  t: Pick<TestApp, "context">,
  companyId: string,
  currency = "USD",
): Promise<{ available: number; reserved: number }> {
  const rows = await t.context.database.db
    .selectFrom("ledger_accounts")
    .select(["purpose", "balance"])
    .where("owner_kind", "=", "company")
    .where("owner_id", "=", companyId)
    .where("currency", "=", currency)
    .execute();
  const of = (purpose: string) => Number(rows.find((r) => r.purpose === purpose)?.balance ?? 0);
  return { available: of("available"), reserved: of("reserved") };
}

export const usd = (minor: number) => formatMoney({ minor, currency: "USD" });
