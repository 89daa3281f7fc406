import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from "../../common/webhooks.ts";
import type { Webhook, WebhookDelivery } from "../../common/wire/webhooks.ts";
import type { WebhookDeliveriesTable, WebhookEndpointsTable } from "../db/types.ts";

/** The event types stored as JSON, the known ones only. */
export function eventsOf(row: Pick<WebhookEndpointsTable, "events">): WebhookEventType[] {
  const stored = JSON.parse(row.events) as unknown[];
  return WEBHOOK_EVENT_TYPES.filter((e) => stored.includes(e));
}

export function presentWebhook(row: WebhookEndpointsTable): Webhook {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    events: eventsOf(row),
    status: row.status,
    consecutiveFailures: Number(row.consecutive_failures),
    disabledAt: row.disabled_at,
    disabledReason: row.disabled_reason,
    createdAt: row.created_at,
  };
}

export function presentDelivery(row: WebhookDeliveriesTable): WebhookDelivery {
  return {
    id: row.id,
    eventId: row.event_id,
    eventType: row.event_type as WebhookEventType,
    status: row.status,
    attempts: Number(row.attempts),
    responseStatus: row.response_status === null ? null : Number(row.response_status),
    error: row.last_error,
    durationMs: row.duration_ms === null ? null : Number(row.duration_ms),
    nextAttemptAt: row.status === "queued" ? row.next_attempt_at : null,
    createdAt: row.created_at,
    deliveredAt: row.delivered_at,
    redeliveryOf: row.redelivery_of,
    payload: row.payload,
  };
}
