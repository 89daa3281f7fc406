import type { CompanyEvent } from "../../common/webhooks.ts";
import { chunks } from "../db/chunks.ts";
import { newId } from "../db/ids.ts";
import type { HookPayloads, Tx } from "../kernel/tx.ts";
import { eventsOf } from "./present.ts";

/** The body a receiver gets: the event's id (the same for every webhook), type, time, company and data. */
function bodyOf(companyId: string, eventId: string, event: CompanyEvent, at: string): string {
  return JSON.stringify({ id: eventId, type: event.type, createdAt: at, companyId, data: event.data });
}

/**
 * The `company.events` hook: one delivery per event and active webhook of the company that hears it,
 * queued in the change's transaction (they exist if and only if the change committed), in bulk. A company
 * without webhooks costs one indexed read.
 */
export async function queueWebhookDeliveries(
  tx: Tx,
  { companyId, events }: HookPayloads["company.events"],
): Promise<void> {
  const endpoints = await tx.db
    .selectFrom("webhook_endpoints")
    .select(["id", "events"])
    .where("company_id", "=", companyId)
    .where("status", "=", "active")
    .execute();
  if (endpoints.length === 0) return;
  const at = tx.now.toISOString();
  const time = tx.now.getTime();
  const rows = [];
  for (const event of events) {
    const eventId = newId(time);
    const body = bodyOf(companyId, eventId, event, at);
    for (const endpoint of endpoints) {
      if (!eventsOf(endpoint).includes(event.type)) continue;
      rows.push({
        id: newId(time),
        endpoint_id: endpoint.id,
        company_id: companyId,
        event_id: eventId,
        event_type: event.type,
        payload: body,
        status: "queued" as const,
        attempts: 0,
        next_attempt_at: at,
        locked_until: null,
        response_status: null,
        last_error: null,
        duration_ms: null,
        redelivery_of: null,
        created_at: at,
        delivered_at: null,
      });
    }
  }
  for (const part of chunks(rows)) await tx.db.insertInto("webhook_deliveries").values(part).execute();
}
