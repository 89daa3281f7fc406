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
  const id = newId(now.getTime());
  const iso = now.toISOString();
  await trx
    .insertInto("outbox_emails")
    .values({
      id,
      recipient: email.recipient,
      template: email.template,
      subject: email.subject,
      text_body: email.text,
      html_body: email.html,
      status: "queued",
      attempts: 0,
      next_attempt_at: iso,
      locked_until: null,
      last_error: null,
      sent_at: null,
      dedupe_key: email.dedupeKey ?? null,
      created_at: iso,
    })
    .execute();
  return id;
}
