import type { Kysely } from "kysely";
import { newId } from "../db/ids.ts";
import type { DB } from "../db/types.ts";

export interface OutgoingEmail {
  recipient: string;
  template: string;
  subject: string;
  text: string;
  html: string;
  /** Same key, same email: a retried write cannot queue it twice. */
  dedupeKey?: string;
}

/**
 * Queues an email inside the caller's transaction: it exists if and only if the change that caused it
 * committed. The outbox worker sends it.
 */
export async function enqueueEmail(trx: Kysely<DB>, email: OutgoingEmail, now = new Date()): Promise<string> {
  const [id] = await enqueueEmails(trx, [email], now);
  if (!id) throw new Error("enqueueEmail: the email was not queued");
  return id;
}

/** Queues many emails in the caller's transaction with a few multi-row inserts (bulk invitations). */
export async function enqueueEmails(
  trx: Kysely<DB>,
  emails: Array<OutgoingEmail & { id?: string }>,
  now = new Date(),
): Promise<string[]> {
  const iso = now.toISOString();
  const rows = emails.map((email) => ({
    id: email.id ?? newId(now.getTime()),
    recipient: email.recipient,
    template: email.template,
    subject: email.subject,
    text_body: email.text,
    html_body: email.html,
    status: "queued" as const,
    attempts: 0,
    next_attempt_at: iso,
    locked_until: null,
    last_error: null,
    sent_at: null,
    dedupe_key: email.dedupeKey ?? null,
    created_at: iso,
  }));
  // 14 columns a row: 200 rows stay far below both databases' bound-parameter limits.
  for (let i = 0; i < rows.length; i += 200) {
    await trx
      .insertInto("outbox_emails")
      .values(rows.slice(i, i + 200))
      .execute();
  }
  return rows.map((r) => r.id);
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
    .where("status", "=", "queued")
    .execute();
}
