import type { Webhook, WebhookPatch } from "../../common/wire/webhooks.ts";
import type { CompanyActor } from "../kernel/actors.ts";
import { auditWhoOf, recordAudit } from "../kernel/audit.ts";
import type { Tx } from "../kernel/tx.ts";
import { checkWebhookUrl } from "./check-url.ts";
import { presentWebhook } from "./present.ts";
import { findWebhookRow } from "./queries.ts";

/**
 * An owner changes a webhook's URL (checked again), events or description, or turns a disabled one on
 * again (its count of failures starts over). Deliveries already queued keep their body.
 */
export async function updateWebhook(
  tx: Tx,
  actor: CompanyActor,
  input: WebhookPatch & { webhookId: string },
): Promise<Webhook> {
  const row = await findWebhookRow(tx.db, actor.companyId, input.webhookId);
  const url = input.url === undefined ? row.url : await checkWebhookUrl(tx.config, input.url);
  const iso = tx.now.toISOString();
  const enable = input.enabled === true && row.status === "disabled";
  const disable = input.enabled === false && row.status === "active";
  const changes = {
    url,
    ...(input.events ? { events: JSON.stringify(input.events) } : {}),
    ...(input.description !== undefined ? { description: input.description.trim() } : {}),
    ...(enable
      ? { status: "active" as const, consecutive_failures: 0, disabled_at: null, disabled_reason: null }
      : {}),
    ...(disable
      ? { status: "disabled" as const, disabled_at: iso, disabled_reason: "Turned off by an owner." }
      : {}),
    updated_at: iso,
  };
  await tx.db.updateTable("webhook_endpoints").set(changes).where("id", "=", row.id).execute();
  const updated = await findWebhookRow(tx.db, actor.companyId, row.id);
  await recordAudit(tx, auditWhoOf(actor), {
    action: "webhook.updated",
    subjectType: "webhook",
    subjectId: row.id,
    summary: `Webhook to ${updated.url}${enable ? ": turned on" : disable ? ": turned off" : ""}`,
    details: { url: updated.url, events: JSON.parse(updated.events), status: updated.status },
  });
  return presentWebhook(updated);
}
