import { platformRoleChannel } from "../auth/stream-audience.ts";
import { emitCompanyEvents } from "../kernel/company-events.ts";
import type { Tx } from "../kernel/tx.ts";
import { companyBalances, contractorBalances } from "./queries.ts";
import { presentTopUp, type TopUpRow } from "./top-up-rows.ts";

/**
 * Queues `balance.updated` for the company's balance in one currency, as the transaction leaves it, and
 * tells its webhooks (`balance.changed`).
 */
export async function publishCompanyBalance(tx: Tx, companyId: string, currency: string): Promise<void> {
  const [balance] = await companyBalances(tx.db, companyId, currency);
  if (!balance) return;
  tx.publish("balance.updated", { companyId }, { companyId, balance });
  await emitCompanyEvents(tx, companyId, [{ type: "balance.changed", data: { ...balance } }]);
}

/** Queues `balance.updated` for a contractor's earnings in one currency, to them alone. */
export async function publishContractorBalance(tx: Tx, userId: string, currency: string): Promise<void> {
  const [balance] = await contractorBalances(tx.db, userId, currency);
  if (balance) tx.publish("balance.updated", { userIds: [userId] }, { userId, balance });
}

/** Queues `top_up.updated`: the company's members and finance see it change live. */
export function publishTopUp(tx: Tx, row: TopUpRow): void {
  tx.publish(
    "top_up.updated",
    { companyId: row.company_id, channels: [platformRoleChannel("finance")] },
    { companyId: row.company_id, topUp: presentTopUp(row) },
  );
}
