import type { Kysely } from "kysely";
import { chunks } from "../db/chunks.ts";
import { newId } from "../db/ids.ts";
import type { DB } from "../db/types.ts";
import { causingRequestId } from "../kernel/request-cause.ts";
import type { EmailContent } from "./layout.ts";

/**
 * An email as a feature's template renders it (its `emails.ts`): plain data in, this out. `template` names
 * its kind in outbox_emails, so a mail can be read back by kind.
 */
export interface EmailMessage extends EmailContent {
  template: string;
}

/** An email addressed and ready to queue. */
export interface OutgoingEmail extends EmailMessage {
  recipient: string;
  /** Set when another row must point at the email before it is queued (an invitation's delivery). */
  id?: string;
  /** Same key, same email: a retried write cannot queue it twice. */
  dedupeKey?: string;
  /**
   * A company's invitation or task email: held (never sent) while `held`, and released or withdrawn with
   * the company's other held emails (`releaseHeldEmails`, `withdrawHeldEmails`).
   */
  company?: { id: string; held: boolean };
}

/** One message to each recipient; with a key, each one's key is the key and the address. */
export function addressed(message: EmailMessage, recipients: string[], dedupeKey?: string): OutgoingEmail[] {
  return recipients.map((recipient) => ({
    ...message,
    recipient,
    ...(dedupeKey ? { dedupeKey: `${dedupeKey}:${recipient}` } : {}),
  }));
}

/**
 * Queues an email inside the caller's transaction: it exists if and only if the change that caused it
 * committed. The outbox worker sends it.
 */
export async function enqueueEmail(trx: Kysely<DB>, email: OutgoingEmail, now: Date): Promise<string> {
  const [id] = await enqueueEmails(trx, [email], now);
  if (!id) throw new Error("enqueueEmail: the email was not queued");
  return id;
}

/** Queues many emails in the caller's transaction with a few multi-row inserts (bulk invitations). */
export async function enqueueEmails(trx: Kysely<DB>, emails: OutgoingEmail[], now: Date): Promise<string[]> {
  const iso = now.toISOString();
  const requestId = causingRequestId();
  const rows = emails.map((email) => ({
    id: email.id ?? newId(now.getTime()),
    recipient: email.recipient,
    template: email.template,
    subject: email.subject,
    text_body: email.text,
    html_body: email.html,
    status: email.company?.held ? ("held" as const) : ("queued" as const),
    attempts: 0,
    next_attempt_at: iso,
    locked_until: null,
    last_error: null,
    sent_at: null,
    dedupe_key: email.dedupeKey ?? null,
    created_at: iso,
    company_id: email.company?.id ?? null,
    request_id: requestId,
  }));
  // Bodies are long: fewer rows a statement than for other tables.
  for (const part of chunks(rows, 200)) await trx.insertInto("outbox_emails").values(part).execute();
  return rows.map((r) => r.id);
}

/** The held emails of these companies go out now. Returns how many were released. */
export async function releaseHeldEmails(trx: Kysely<DB>, companyIds: string[], now: Date): Promise<number> {
  if (companyIds.length === 0) return 0;
  const result = await trx
    .updateTable("outbox_emails")
    .set({ status: "queued", next_attempt_at: now.toISOString() })
    .where("company_id", "in", companyIds)
    .where("status", "=", "held")
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** The held emails of these companies are never sent: kept as failed with `reason`. */
export async function withdrawHeldEmails(
  trx: Kysely<DB>,
  companyIds: string[],
  reason: string,
): Promise<number> {
  if (companyIds.length === 0) return 0;
  const result = await trx
    .updateTable("outbox_emails")
    .set({ status: "failed", last_error: reason })
    .where("company_id", "in", companyIds)
    .where("status", "=", "held")
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * An email not yet handed to the mail server is not sent after all (an invitation whose link was just
 * revoked): it is kept as failed with `reason`. One already being sent or sent is left alone.
 */
export async function withdrawQueuedEmail(
  trx: Kysely<DB>,
  emailId: string | null,
  reason: string,
): Promise<void> {
  if (!emailId) return;
  await trx
    .updateTable("outbox_emails")
    .set({ status: "failed", last_error: reason, locked_until: null })
    .where("id", "=", emailId)
    .where("status", "in", ["queued", "held"])
    .execute();
}
