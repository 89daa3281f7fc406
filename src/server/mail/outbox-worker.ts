import type { FastifyBaseLogger } from "fastify";
import type { Database } from "../db/connection.ts";
import type { OutboxEmailsTable } from "../db/types.ts";
import { claimDue } from "../jobs/claim.ts";
import { startPolling, type Worker } from "../jobs/poll.ts";
import { emailSendFailures } from "../kernel/metrics.ts";
import { MailSendError, type MailTransport } from "./transport.ts";

const MAX_ATTEMPTS = 12;
const BATCH = 100;
/** The default lease (OUTBOX_LEASE_SECONDS): what a sender that died held is due again after it. */
const LEASE_MS = 2 * 60 * 1000;
const IDLE_POLL_MS = 200;

/** 10 s, 20 s, 40 s … capped at one hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(10_000 * 2 ** Math.max(0, attempts - 1), 3600_000);
}

async function deliver(
  database: Database,
  transport: MailTransport,
  email: OutboxEmailsTable,
  log: FastifyBaseLogger | undefined,
): Promise<void> {
  const { db } = database;
  const now = new Date();
  try {
    await transport.send(email);
    await db
      .updateTable("outbox_emails")
      .set({ status: "sent", sent_at: now.toISOString(), locked_until: null, last_error: null })
      .where("id", "=", email.id)
      .execute();
    // reqId: the request that queued it, so one search finds the request and the mail it caused.
    log?.info({ reqId: email.request_id, emailId: email.id, template: email.template }, "email sent");
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const permanent = (error instanceof MailSendError && error.permanent) || email.attempts >= MAX_ATTEMPTS;
    await db
      .updateTable("outbox_emails")
      .set({
        status: permanent ? "failed" : "queued",
        last_error: reason.slice(0, 1000),
        locked_until: null,
        next_attempt_at: new Date(now.getTime() + retryDelayMs(email.attempts)).toISOString(),
      })
      .where("id", "=", email.id)
      .execute();
    emailSendFailures.inc({ outcome: permanent ? "failed" : "retry" });
    log?.warn(
      { reqId: email.request_id, emailId: email.id, template: email.template, reason, permanent },
      "email not sent",
    );
  }
}

/** Told the ids of emails whose delivery state was just written (sent, failed or retrying). */
export type EmailsSettledListener = (emailIds: string[]) => void;

const settledListeners = new WeakMap<Database, Set<EmailsSettledListener>>();

/** Lets a module react to deliveries (e.g. contractors show an invitation email as sent). */
export function onEmailsSettled(database: Database, listener: EmailsSettledListener): () => void {
  const listeners = settledListeners.get(database) ?? new Set<EmailsSettledListener>();
  settledListeners.set(database, listeners);
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Sends one batch of due emails; returns how many it took. */
export async function sendDueEmails(
  database: Database,
  transport: MailTransport,
  log?: FastifyBaseLogger,
  leaseMs = LEASE_MS,
): Promise<number> {
  const batch = await claimDue(database, "outbox_emails", { limit: BATCH, leaseMs });
  await Promise.all(batch.map((email) => deliver(database, transport, email, log)));
  if (batch.length > 0)
    for (const listener of settledListeners.get(database) ?? []) listener(batch.map((e) => e.id));
  return batch.length;
}

/** Polls the outbox until stopped; a batch in flight is finished before stop() resolves. */
export function startOutboxWorker(
  database: Database,
  transport: MailTransport,
  log: FastifyBaseLogger,
  leaseMs = LEASE_MS,
): Worker {
  const polling = startPolling({
    round: async () => (await sendDueEmails(database, transport, log, leaseMs)) > 0,
    idleMs: IDLE_POLL_MS,
    log,
    failure: "outbox worker: batch failed",
  });
  return {
    async stop() {
      await polling.stop();
      transport.close();
    },
  };
}
