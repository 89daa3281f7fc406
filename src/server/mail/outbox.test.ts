import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../../test/support/test-app.ts";
import { enqueueEmail } from "./outbox.ts";
import { retryDelayMs, sendDueEmails } from "./outbox-worker.ts";
import { readMailDelivery } from "./status.ts";
import { createSmtpTransport } from "./transport.ts";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const queue = (recipient: string) =>
  t.context.database.db
    .transaction()
    .execute((trx) =>
      enqueueEmail(trx, { recipient, template: "test", subject: "Hello", text: "Hi", html: "<p>Hi</p>" }),
    );

const row = (id: string) =>
  t.context.database.db
    .selectFrom("outbox_emails")
    .selectAll()
    .where("id", "=", id)
    .executeTakeFirstOrThrow();

const makeDue = (id: string) =>
  t.context.database.db
    .updateTable("outbox_emails")
    .set({ next_attempt_at: new Date(Date.now() - 1000).toISOString() })
    .where("id", "=", id)
    .execute();

/** A port where nothing listens: what an SMTP server that is down looks like. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("the outbox", () => {
  it("loses nothing while SMTP is down: the mail stays queued with the error and goes out once it is back", async () => {
    const id = await queue("patient@example.com");
    const down = createSmtpTransport(`smtp://127.0.0.1:${await closedPort()}`, t.context.config.mailFrom);
    try {
      const before = Date.now();
      await sendDueEmails(t.context.database, down);
      const waiting = await row(id);
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
    await makeDue(id);
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
        const after = await row(id);
        expect(after).toMatchObject({ status: "queued", attempts: attempt });
        delays.push(Math.round((Date.parse(after.next_attempt_at) - before) / 1000));
        await makeDue(id);
      }
      expect(delays).toEqual([10, 20, 40]);
    } finally {
      t.smtp.setMode("accept");
    }
  });
});
