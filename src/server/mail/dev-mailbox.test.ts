import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../../test/support/test-app.ts";
import { GOOD_PASSWORD } from "../auth/testing.ts";
import { ConfigError, loadConfig } from "../config.ts";
import { enqueueEmail } from "./outbox.ts";
import { sendDueEmails } from "./outbox-worker.ts";
import { createDevMailboxTransport } from "./transport.ts";

let dev: TestApp;
beforeAll(async () => {
  // No SMTP_URL, not production: the dev mailbox is served.
  dev = await startTestApp({ SMTP_URL: "" });
});
afterAll(() => dev.close());

describe("dev mailbox", () => {
  it("lists every email newest first, including those the dev transport sent", async () => {
    const client = dev.client();
    await client.post("/api/auth/sign-up", {
      accountType: "contractor",
      email: "first@example.com",
      password: GOOD_PASSWORD,
      name: "First",
    });
    await sendDueEmails(dev.context.database, createDevMailboxTransport());
    await client.post("/api/auth/password-recovery", { email: "first@example.com" });

    const res = await dev.client().get("/dev/mail");
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toContain("text/html");
    expect(res.headers["content-security-policy"]).toContain("default-src 'none'");
    expect(res.body).not.toContain("<script");
    const recovery = res.body.indexOf("Set a new Crewdesk password");
    const verification = res.body.indexOf("Confirm your email address for Crewdesk");
    expect(recovery).toBeGreaterThan(-1);
    expect(verification).toBeGreaterThan(recovery);
    expect(res.body).toContain("first@example.com");
    expect(res.body).toMatch(/class="sent">sent</);
    expect(res.body).toMatch(/class="queued">queued</);
  });

  it("shows one email: its HTML in a sandboxed frame, escaped into srcdoc, and its text part", async () => {
    const id = await dev.context.database.db.transaction().execute((trx) =>
      enqueueEmail(
        trx,
        {
          recipient: "x@example.com",
          template: "test",
          subject: `<img src=x onerror=alert(1)>`,
          text: "Hello <script>alert(2)</script>\nhttps://crewdesk.test/set-password?token=abc",
          html: `<p onclick="alert(3)">"quoted" &amp; <script>alert(4)</script></p>`,
        },
        new Date(),
      ),
    );
    const res = await dev.client().get(`/dev/mail/${id}`);
    expect(res.status).toBe(200);
    expect(res.body).toContain(
      `<iframe sandbox="" title="HTML part" srcdoc="&lt;p onclick=&quot;alert(3)&quot;&gt;&quot;quoted&quot; &amp;amp; &lt;script&gt;alert(4)&lt;/script&gt;&lt;/p&gt;"></iframe>`,
    );
    expect(res.body).toContain("Hello &lt;script&gt;alert(2)&lt;/script&gt;");
    expect(res.body).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(res.body).not.toMatch(/<script|<img/);
    expect(res.body).toContain(`<a href="https://crewdesk.test/set-password?token=abc">`);
  });

  it("answers 404 for an email that does not exist", async () => {
    expect((await dev.client().get("/dev/mail/nope")).status).toBe(404);
  });
});

describe("dev mailbox off", () => {
  it("is not served when SMTP_URL is set", async () => {
    const withSmtp = await startTestApp();
    try {
      const res = await withSmtp.client().get("/dev/mail");
      expect(res.body).not.toContain("Dev mailbox");
    } finally {
      await withSmtp.close();
    }
  });

  it("can never be served in production: the app refuses to start there without SMTP_URL", () => {
    expect(() => loadConfig({ NODE_ENV: "production" })).toThrow(ConfigError);
  });
});
