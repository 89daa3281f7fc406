import type { HookPayloads, Hooks, Tx } from "../kernel/tx.ts";
import { queueWebhookDeliveries } from "./queue-deliveries.ts";

/** How webhooks answer other features' changes, in their transactions. */
export function registerWebhookHooks(hooks: Hooks): void {
  hooks.on("company.events", queueWebhookDeliveries);
  hooks.on("company.closed", turnOffWebhooksOfClosedCompany);
}

/** A closed company sends nothing more: its webhooks are turned off and their queued deliveries cancelled. */
async function turnOffWebhooksOfClosedCompany(
  tx: Tx,
  { companyId }: HookPayloads["company.closed"],
): Promise<void> {
  const iso = tx.now.toISOString();
  await tx.db
    .updateTable("webhook_endpoints")
    .set({
      status: "disabled",
      disabled_at: iso,
      disabled_reason: "The company was deleted.",
      updated_at: iso,
    })
    .where("company_id", "=", companyId)
    .where("status", "=", "active")
    .execute();
  await tx.db
    .updateTable("webhook_deliveries")
    .set({ status: "cancelled", last_error: "Not sent: the company was deleted.", locked_until: null })
    .where("company_id", "=", companyId)
    .where("status", "=", "queued")
    .execute();
}
