import { describe, expect, it } from "vitest";
import { makeDue, queueTestEmail } from "../../../test/support/mail.ts";
import { freePort } from "../../../test/support/ports.ts";
import { rowOf } from "../../../test/support/rows.ts";
import { setUpTestApp } from "../../../test/support/test-app.ts";
import { retryDelayMs, sendDueEmails } from "./outbox-worker.ts";
import { readMailDelivery } from "./status.ts";
import { createSmtpTransport } from "./transport.ts";

const t = setUpTestApp();

const queue = async (recipient: string) => (await queueTestEmail(t, recipient)).id;

describe("the outbox", () => {
  it("loses nothing while SMTP is down: the mail stays queued with the error and goes out once it is back", async () => {
    const id = await queue("patient@example.com");
    const down = createSmtpTransport(`smtp://127.0.0.1:${await freePort()}`, t.context.config.mailFrom);
    try {
      const before = Date.now();
      await sendDueEmails(t.context.database, down);
      const waiting = await rowOf(t, "outbox_emails", id);
      expect(waiting.status).toBe("queued");
      expect(waiting.last_error).toMatch(/ECONNREFUSED|connect/i);
      expect(Date.parse(waiting.next_attempt_at)).toBeGreaterThanOrEqual(before + retryDelayMs(1) - 50);
    } finally {
      down.close();
    }
    expect((await readMailDelivery(t.context.database.db, id))?.status).toBe("queued");
    // Not due yet: nothing is sent before the backoff ends.
    await t.deliverMail();
    expect(t.smtp.mailsTo("patient@example.com")).toEqual([]);
    await makeDue(t, id);
    await t.deliverMail();
    await t.smtp.waitFor((m) => m.to.includes("patient@example.com"));
    expect(await readMailDelivery(t.context.database.db, id)).toMatchObject({ status: "sent", reason: null });
  });

  it("backs off exponentially after each temporary (4xx) refusal", async () => {
    t.smtp.setMode("reject-temporary");
    try {
      const id = await queue("busy@example.com");
      const delays: number[] = [];
      for (let attempt = 1; attempt <= 3; attempt++) {
        const before = Date.now();
        await t.deliverMail();
        const after = await rowOf(t, "outbox_emails", id);
        expect(after).toMatchObject({ status: "queued", attempts: attempt });
        delays.push(Math.round((Date.parse(after.next_attempt_at) - before) / 1000));
        await makeDue(t, id);
      }
      expect(delays).toEqual([10, 20, 40]);
    } finally {
      t.smtp.setMode("accept");
    }
  });
});
