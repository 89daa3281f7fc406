import type { CompanyActor } from "../kernel/actors.ts";
import { auditWhoOf, recordAudit } from "../kernel/audit.ts";
import type { Tx } from "../kernel/tx.ts";
import { findWebhookRow } from "./queries.ts";

/** An owner deletes a webhook: its queued deliveries and its log go with it. */
export async function deleteWebhook(tx: Tx, actor: CompanyActor, webhookId: string): Promise<void> {
  const row = await findWebhookRow(tx.db, actor.companyId, webhookId);
  await tx.db.deleteFrom("webhook_deliveries").where("endpoint_id", "=", row.id).execute();
  await tx.db.deleteFrom("webhook_endpoints").where("id", "=", row.id).execute();
  await recordAudit(tx, auditWhoOf(actor), {
    action: "webhook.deleted",
    subjectType: "webhook",
    subjectId: row.id,
    summary: `Webhook to ${row.url}`,
    details: { url: row.url },
  });
}
