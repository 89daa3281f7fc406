/**
 * Mail as tests see it: emails queued as a committed change queues them, the outbox rows the worker leaves,
 * and the link tokens of the mail a person actually received.
 */
import { expect } from "vitest";
import { enqueueEmail } from "../../src/server/mail/outbox.ts";
import type { ReceivedMail } from "./smtp-peer.ts";
import { TEST_APP_URL, type TestApp } from "./test-app.ts";
import { uniqueEmail } from "./unique.ts";

/** The token of the only link of this shape in the mail (`/set-password`, `/invitation`), on APP_URL. */
export function tokenIn(mail: ReceivedMail, path: string): string {
  const links = mail.links.filter((l) => l.startsWith(`${TEST_APP_URL}${path}?token=`));
  expect(links, `a ${path} link on APP_URL in "${mail.subject}"`).toHaveLength(1);
  const token = new URL(links[0] ?? "").searchParams.get("token");
  expect(token).toBeTruthy();
  return token ?? "";
}

/** Delivers the outbox, then the newest mail `email` received with a link to `path`. */
async function lastMailWithLink(t: TestApp, email: string, path: string): Promise<ReceivedMail> {
  await t.deliverMail();
  const mail = t.smtp
    .mailsTo(email)
    .filter((m) => m.links.some((l) => new URL(l).pathname === path))
    .at(-1);
  if (!mail) throw new Error(`no mail to ${email} with a link to ${path}`);
  return mail;
}

/** Delivers the outbox and returns the token of the newest link to `path` that `email` received, as a person would click it. */
export async function tokenFromLastMail(t: TestApp, email: string, path: string): Promise<string> {
  return tokenIn(await lastMailWithLink(t, email, path), path);
}

/** Queues a test email as a committed change would (its parts as given, or plain ones); returns its id and recipient. */
export async function queueTestEmail(
  t: TestApp,
  recipient = uniqueEmail("person"),
  parts: { subject?: string; text?: string; html?: string } = {},
): Promise<{ id: string; recipient: string }> {
  const email = {
    recipient,
    template: "test",
    subject: `Hello ${recipient}`,
    text: "Plain text",
    html: "<p>HTML</p>",
    ...parts,
  };
  const id = await t.context.database.db.transaction().execute((trx) => enqueueEmail(trx, email, new Date()));
  return { id, recipient };
}

/** The outbox rows queued to `recipient`, oldest first. */
export function outboxTo(t: TestApp, recipient: string) {
  return t.context.database.db
    .selectFrom("outbox_emails")
    .selectAll()
    .where("recipient", "=", recipient)
    .orderBy("id")
    .execute();
}

/** Makes a waiting email due now, as if its retry delay had passed. */
export async function makeDue(t: TestApp, id: string): Promise<void> {
  await t.context.database.db
    .updateTable("outbox_emails")
    .set({ next_attempt_at: new Date(Date.now() - 1000).toISOString() })
    .where("id", "=", id)
    .execute();
}
