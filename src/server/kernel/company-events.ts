import type { CompanyEvent } from "../../common/webhooks.ts";
import type { Tx } from "./tx.ts";

/**
 * Tells the company's integrations what happened, in the transaction of the change: the `company.events`
 * hook (webhooks queues its deliveries there), so they commit or vanish with the change.
 */
export async function emitCompanyEvents(tx: Tx, companyId: string, events: CompanyEvent[]): Promise<void> {
  if (events.length === 0) return;
  await tx.hooks.run(tx, "company.events", { companyId, events });
}
