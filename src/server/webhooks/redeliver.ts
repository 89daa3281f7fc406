import type { WebhookDelivery } from "../../common/wire/webhooks.ts";
import { newId } from "../db/ids.ts";
import { conflict, notFound } from "../http/problem.ts";
import type { CompanyActor } from "../kernel/actors.ts";
import { auditWhoOf, recordAudit } from "../kernel/audit.ts";
import type { Tx } from "../kernel/tx.ts";
import { presentDelivery } from "./present.ts";
import { findWebhookRow } from "./queries.ts";

/**
 * An owner sends a delivery again: a new delivery of the same event (same event id, same body, signed
 * anew when it goes), queued now. The webhook must be on.
 */
export async function redeliver(
  tx: Tx,
  actor: CompanyActor,
  input: { webhookId: string; deliveryId: string },
): Promise<WebhookDelivery> {
  const endpoint = await findWebhookRow(tx.db, actor.companyId, input.webhookId);
  const original = await tx.db
    .selectFrom("webhook_deliveries")
    .selectAll()
    .where("id", "=", input.deliveryId)
    .where("endpoint_id", "=", endpoint.id)
    .executeTakeFirst();
  if (!original) throw notFound("Delivery");
  if (endpoint.status !== "active") throw conflict("The webhook is off: turn it on before sending again.");
  const iso = tx.now.toISOString();
  const row = {
    ...original,
    id: newId(tx.now.getTime()),
    status: "queued" as const,
    attempts: 0,
    next_attempt_at: iso,
    locked_until: null,
    response_status: null,
    last_error: null,
    duration_ms: null,
    redelivery_of: original.id,
    created_at: iso,
    delivered_at: null,
  };
  await tx.db.insertInto("webhook_deliveries").values(row).execute();
  await recordAudit(tx, auditWhoOf(actor), {
    action: "webhook.redelivered",
    subjectType: "webhook",
    subjectId: endpoint.id,
    summary: `${original.event_type} sent again to ${endpoint.url}`,
    details: { deliveryId: row.id, eventId: original.event_id },
  });
  return presentDelivery(row);
}
