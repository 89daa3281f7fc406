import { describe, expect, it } from "vitest";
import { makeDue, queueTestEmail } from "../../../test/support/mail.ts";
import { freePort } from "../../../test/support/ports.ts";
import { rowOf } from "../../../test/support/rows.ts";
import { startSmtpPeer } from "../../../test/support/smtp-peer.ts";
import { setUpTestApp } from "../../../test/support/test-app.ts";
import { type Database, openDatabase } from "../db/connection.ts";
import { enqueueEmail } from "./outbox.ts";
import { retryDelayMs, sendDueEmails } from "./outbox-worker.ts";
import { createSmtpTransport } from "./transport.ts";

const t = setUpTestApp();

const queue = (recipient?: string) => queueTestEmail(t, recipient);

describe("outbox", () => {
  it("sends a queued email once and marks it sent", async () => {
    const { id, recipient } = await queue();
    await t.deliverMail();
    const mail = await t.smtp.waitFor((m) => m.to.includes(recipient));
    expect(mail.subject).toBe(`Hello ${recipient}`);
    expect(mail.text.trim()).toBe("Plain text");
    expect(mail.parsed.headers.get("x-crewdesk-email-id")).toBe(id);
    const sent = await rowOf(t, "outbox_emails", id);
    expect(sent.status).toBe("sent");
    expect(sent.sent_at).not.toBeNull();
    await t.deliverMail();
    expect(t.smtp.mailsTo(recipient)).toHaveLength(1);
  });

  it("queues nothing when the change that caused the email is rolled back", async () => {
    const recipient = "rolled.back@example.com";
    await expect(
      t.context.database.db.transaction().execute(async (trx) => {
        await enqueueEmail(trx, { recipient, template: "t", subject: "s", text: "t", html: "h" }, new Date());
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    const rows = await t.context.database.db
      .selectFrom("outbox_emails")
      .select("id")
      .where("recipient", "=", recipient)
      .execute();
    expect(rows).toEqual([]);
  });

  it("keeps an email the server answers 451 queued, to try again later", async () => {
    const { id, recipient } = await queue();
    t.smtp.setMode("reject-temporary");
    try {
      const before = Date.now();
      await t.deliverMail();
      const waiting = await rowOf(t, "outbox_emails", id);
      expect(waiting.status).toBe("queued");
      expect(waiting.attempts).toBe(1);
      expect(waiting.last_error).toMatch(/^451\b.*try again later/);
      expect(Date.parse(waiting.next_attempt_at)).toBeGreaterThanOrEqual(before + retryDelayMs(1));
      expect(waiting.locked_until).toBeNull();
    } finally {
      t.smtp.setMode("accept");
    }
    // Not due yet: the worker leaves it alone.
    await t.deliverMail();
    expect(t.smtp.mailsTo(recipient)).toHaveLength(0);
    await makeDue(t, id);
    await t.deliverMail();
    expect(t.smtp.mailsTo(recipient)).toHaveLength(1);
    expect((await rowOf(t, "outbox_emails", id)).status).toBe("sent");
    expect((await rowOf(t, "outbox_emails", id)).attempts).toBe(2);
  });

  it("marks an email the server answers 550 failed, keeping the server's answer", async () => {
    const { id, recipient } = await queue();
    t.smtp.setMode("reject-permanent");
    try {
      await t.deliverMail();
    } finally {
      t.smtp.setMode("accept");
    }
    const failed = await rowOf(t, "outbox_emails", id);
    expect(failed.status).toBe("failed");
    expect(failed.attempts).toBe(1);
    expect(failed.last_error).toMatch(/^550\b.*No such user here/);
    // Failed is final.
    await makeDue(t, id);
    await t.deliverMail();
    expect(t.smtp.mailsTo(recipient)).toHaveLength(0);
    expect((await rowOf(t, "outbox_emails", id)).status).toBe("failed");
  });

  it("loses nothing while the mail server is down, and delivers once it is back", async () => {
    const port = await freePort();
    const transport = createSmtpTransport(`smtp://127.0.0.1:${port}`, t.context.config.mailFrom);
    const { id, recipient } = await queue();
    try {
      expect(await sendDueEmails(t.context.database, transport)).toBe(1);
      const waiting = await rowOf(t, "outbox_emails", id);
      expect(waiting.status).toBe("queued");
      expect(waiting.attempts).toBe(1);
      expect(waiting.last_error).toMatch(/ECONNREFUSED|connect/i);

      const peer = await startSmtpPeer({ port });
      try {
        await makeDue(t, id);
        expect(await sendDueEmails(t.context.database, transport)).toBe(1);
        await peer.waitFor((m) => m.to.includes(recipient));
        await makeDue(t, id);
        await sendDueEmails(t.context.database, transport);
        expect(peer.mailsTo(recipient)).toHaveLength(1);
        expect((await rowOf(t, "outbox_emails", id)).status).toBe("sent");
      } finally {
        transport.close();
        await peer.close();
      }
    } finally {
      transport.close();
    }
  });

  it("takes back an email whose worker died while sending", async () => {
    const { id, recipient } = await queue();
    const { db } = t.context.database;
    // A worker claimed it and vanished: the row says "sending" and its lease has run out.
    await db
      .updateTable("outbox_emails")
      .set({ status: "sending", attempts: 1, locked_until: new Date(Date.now() - 1000).toISOString() })
      .where("id", "=", id)
      .execute();
    const { id: heldId, recipient: heldRecipient } = await queue();
    await db
      .updateTable("outbox_emails")
      .set({ status: "sending", attempts: 1, locked_until: new Date(Date.now() + 60_000).toISOString() })
      .where("id", "=", heldId)
      .execute();
    await t.deliverMail();
    await t.smtp.waitFor((m) => m.to.includes(recipient));
    expect((await rowOf(t, "outbox_emails", id)).status).toBe("sent");
    // A lease still held belongs to its worker.
    expect(t.smtp.mailsTo(heldRecipient)).toHaveLength(0);
    expect((await rowOf(t, "outbox_emails", heldId)).status).toBe("sending");
  });

  it("sends each email once when two nodes' workers run at the same time", async () => {
    const other: Database = openDatabase(t.context.database.url);
    const transportA = createSmtpTransport(t.smtp.url, t.context.config.mailFrom);
    const transportB = createSmtpTransport(t.smtp.url, t.context.config.mailFrom);
    try {
      const queued = [];
      for (let i = 0; i < 40; i++) queued.push(await queue(`twice${i}@example.com`));
      const before = t.smtp.mails.length;
      await Promise.all([
        sendDueEmails(t.context.database, transportA),
        sendDueEmails(other, transportB),
        sendDueEmails(t.context.database, transportA),
        sendDueEmails(other, transportB),
      ]);
      await t.deliverMail();
      const ids = t.smtp.mails.slice(before).map((m) => m.parsed.headers.get("x-crewdesk-email-id"));
      expect(ids).toHaveLength(40);
      expect(new Set(ids)).toEqual(new Set(queued.map((q) => q.id)));
    } finally {
      transportA.close();
      transportB.close();
      await other.close();
    }
  });
});
