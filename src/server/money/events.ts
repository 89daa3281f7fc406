import type { Tx } from "../kernel/tx.ts";
import { companyBalances, contractorBalances } from "./queries.ts";

/** Queues `balance.updated` for the company's balance in one currency, as the transaction leaves it. */
export async function publishCompanyBalance(tx: Tx, companyId: string, currency: string): Promise<void> {
  const [balance] = await companyBalances(tx.db, companyId, currency);
  if (balance) tx.publish("balance.updated", { companyId }, { companyId, balance });
}

/** Queues `balance.updated` for a contractor's earnings in one currency, to them alone. */
export async function publishContractorBalance(tx: Tx, userId: string, currency: string): Promise<void> {
  const [balance] = await contractorBalances(tx.db, userId, currency);
  if (balance) tx.publish("balance.updated", { userIds: [userId] }, { userId, balance });
}
