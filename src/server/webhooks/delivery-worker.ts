import type { FastifyBaseLogger } from "fastify";
import {
  WEBHOOK_DELIVERY_HEADER,
  WEBHOOK_EVENT_HEADER,
  WEBHOOK_SIGNATURE_HEADER,
} from "../../common/webhooks.ts";
import type { WebhookDeliveriesTable } from "../db/types.ts";
import { claimDue } from "../jobs/claim.ts";
import { startPolling, type Worker } from "../jobs/poll.ts";
import type { AppContext } from "../kernel/context.ts";
import { transact } from "../kernel/transaction.ts";
import { disableFailingWebhook } from "./disable-webhook.ts";
import { postWebhook } from "./send.ts";
import { signatureHeader } from "./signature.ts";

const BATCH = 50;
const LEASE_MS = 2 * 60 * 1000;
const IDLE_POLL_MS = 500;

/** 30 s, 1 min, 2 min … capped at six hours. */
export function webhookRetryDelayMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 6 * 3600_000);
}

async function settle(context: AppContext, delivery: WebhookDeliveriesTable, now: Date): Promise<void> {
  const { db } = context.database;
  const endpoint = await db
    .selectFrom("webhook_endpoints")
    .select(["id", "url", "secret", "status"])
    .where("id", "=", delivery.endpoint_id)
    .executeTakeFirst();
  if (endpoint?.status !== "active") {
    await db
      .updateTable("webhook_deliveries")
      .set({ status: "cancelled", locked_until: null, last_error: "Not sent: the webhook was turned off." })
      .where("id", "=", delivery.id)
      .execute();
    return;
  }
  const { allowPrivate, timeoutMs, maxAttempts, disableAfterFailures } = context.config.webhooks;
  const timestamp = Math.floor(now.getTime() / 1000);
  let status: number | null = null;
  let durationMs: number | null = null;
  let error: string | null = null;
  try {
    const result = await postWebhook(
      new URL(endpoint.url),
      delivery.payload,
      {
        "content-type": "application/json",
        "user-agent": "Crewdesk-Webhooks/1.0",
        [WEBHOOK_SIGNATURE_HEADER]: signatureHeader(endpoint.secret, timestamp, delivery.payload),
        [WEBHOOK_EVENT_HEADER]: delivery.event_type,
        [WEBHOOK_DELIVERY_HEADER]: delivery.id,
      },
      { allowPrivate, timeoutMs },
    );
    status = result.status;
    durationMs = result.durationMs;
    if (status < 200 || status >= 300) error = `The receiver answered HTTP ${status}.`;
  } catch (failure) {
    error = (failure instanceof Error ? failure.message : String(failure)).slice(0, 1000);
  }
  const iso = new Date().toISOString();
  if (error === null) {
    await db
      .updateTable("webhook_deliveries")
      .set({
        status: "delivered",
        response_status: status,
        duration_ms: durationMs,
        last_error: null,
        locked_until: null,
        delivered_at: iso,
      })
      .where("id", "=", delivery.id)
      .execute();
    await db
      .updateTable("webhook_endpoints")
      .set({ consecutive_failures: 0 })
      .where("id", "=", endpoint.id)
      .execute();
    return;
  }
  const last = delivery.attempts >= maxAttempts;
  await db
    .updateTable("webhook_deliveries")
    .set({
      status: last ? "failed" : "queued",
      response_status: status,
      duration_ms: durationMs,
      last_error: error,
      locked_until: null,
      next_attempt_at: new Date(now.getTime() + webhookRetryDelayMs(delivery.attempts)).toISOString(),
    })
    .where("id", "=", delivery.id)
    .execute();
  const counted = await db
    .updateTable("webhook_endpoints")
    .set((eb) => ({ consecutive_failures: eb("consecutive_failures", "+", 1) }))
    .where("id", "=", endpoint.id)
    .where("status", "=", "active")
    .returning("consecutive_failures")
    .executeTakeFirst();
  const failures = Number(counted?.consecutive_failures ?? 0);
  if (failures >= disableAfterFailures) {
    await transact(context, (tx) =>
      disableFailingWebhook(tx, { webhookId: endpoint.id, failures, lastError: error ?? "" }),
    );
  }
}

/**
 * One round of the webhook outbox: claims up to BATCH due deliveries (on PostgreSQL with
 * `FOR UPDATE SKIP LOCKED`, so every node's worker takes its own), sends each signed, and writes the answer.
 * A failed attempt is retried with exponential backoff up to WEBHOOKS_MAX_ATTEMPTS; WEBHOOKS_DISABLE_AFTER
 * failed attempts in a row turn the webhook off. `now` moves the clock (tests of the backoff).
 */
export async function deliverDueWebhooks(context: AppContext, now = new Date()): Promise<number> {
  const batch = await claimDue(context.database, "webhook_deliveries", {
    limit: BATCH,
    leaseMs: LEASE_MS,
    now,
  });
  // One endpoint's deliveries in order, different endpoints side by side.
  const byEndpoint = new Map<string, WebhookDeliveriesTable[]>();
  for (const d of batch) byEndpoint.set(d.endpoint_id, [...(byEndpoint.get(d.endpoint_id) ?? []), d]);
  await Promise.all(
    [...byEndpoint.values()].map(async (deliveries) => {
      for (const d of deliveries.sort((a, b) => (a.id < b.id ? -1 : 1))) await settle(context, d, now);
    }),
  );
  return batch.length;
}

/** Polls the webhook outbox until stopped. */
export function startWebhookWorker(context: AppContext, log: FastifyBaseLogger): Worker {
  return startPolling({
    round: async () => (await deliverDueWebhooks(context)) > 0,
    idleMs: IDLE_POLL_MS,
    log,
    failure: "webhook worker: batch failed",
  });
}
