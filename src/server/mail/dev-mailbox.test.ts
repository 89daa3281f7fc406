import { describe, expect, it } from "vitest";
import { signUp } from "../../../test/support/accounts.ts";
import { queueTestEmail } from "../../../test/support/mail.ts";
import { setUpTestApp, startTestApp } from "../../../test/support/test-app.ts";
import { ConfigError, loadConfig } from "../config.ts";
import { sendDueEmails } from "./outbox-worker.ts";
import { createDevMailboxTransport } from "./transport.ts";

// No SMTP_URL, not production: the dev mailbox is served.
const dev = setUpTestApp({ SMTP_URL: "" });

/** A browser on the machine the app runs on: the only client the mailbox answers. */
const local = () => dev.client({ ip: "127.0.0.1" });

describe("dev mailbox", () => {
  it("lists every email newest first, including those the dev transport sent", async () => {
    const client = dev.client();
    await signUp(client, { email: "first@example.com", name: "First" });
    await sendDueEmails(dev.context.database, createDevMailboxTransport());
    await client.post("/api/auth/password-recovery", { email: "first@example.com" });

    const res = await local().get("/dev/mail");
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
    const { id } = await queueTestEmail(dev, "x@example.com", {
      subject: `<img src=x onerror=alert(1)>`,
      text: "Hello <script>alert(2)</script>\nhttps://crewdesk.test/set-password?token=abc",
      html: `<p onclick="alert(3)">"quoted" &amp; <script>alert(4)</script></p>`,
    });
    const res = await local().get(`/dev/mail/${id}`);
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
    expect((await local().get("/dev/mail/nope")).status).toBe(404);
  });
});

describe("dev mailbox, for clients on other machines", () => {
  const get = (url: string, ip: string, headers: Record<string, string> = {}) =>
    dev.client({ ip }).request({ method: "GET", url, headers });

  async function expectNoSuchPage(url: string, ip: string, headers: Record<string, string> = {}) {
    const res = await get(url, ip, headers);
    expect(res.status).toBe(404);
    expect(res.body).not.toMatch(/Dev mailbox|example\.com|<a /);
  }

  it("answers only to loopback clients; to anyone else it is 404", async () => {
    const { id } = await queueTestEmail(dev, "y@example.com", { subject: "Hi", text: "x", html: "x" });
    for (const ip of ["127.0.0.1", "127.0.0.2", "::1", "::ffff:127.0.0.1"]) {
      expect((await get("/dev/mail", ip)).status).toBe(200);
      expect((await get(`/dev/mail/${id}`, ip)).status).toBe(200);
    }
    for (const ip of ["10.0.0.7", "192.168.1.20", "203.0.113.9", "::ffff:10.0.0.1", "fe80::1"]) {
      await expectNoSuchPage("/dev/mail", ip);
      await expectNoSuchPage(`/dev/mail/${id}`, ip);
    }
  });

  it("cannot be reached by a remote client forging X-Forwarded-For, nor through a local proxy", async () => {
    // Straight to the app from another machine, claiming to be local.
    for (const header of ["x-forwarded-for", "x-real-ip"])
      await expectNoSuchPage("/dev/mail", "203.0.113.9", { [header]: "127.0.0.1" });
    // Through a reverse proxy on the same machine: the proxy names the remote client.
    await expectNoSuchPage("/dev/mail", "127.0.0.1", { "x-forwarded-for": "127.0.0.1, 203.0.113.9" });
    await expectNoSuchPage("/dev/mail", "127.0.0.1", { "x-real-ip": "203.0.113.9" });
    await expectNoSuchPage("/dev/mail", "127.0.0.1", { forwarded: 'for="[2001:db8::17]:4711"' });
    // A local browser through that proxy is still local.
    expect((await get("/dev/mail", "127.0.0.1", { "x-forwarded-for": "127.0.0.1" })).status).toBe(200);
  });

  it("stays closed to a forged X-Forwarded-For when the app trusts a proxy", async () => {
    const behindProxy = await startTestApp({ SMTP_URL: "", TRUST_PROXY: "1" });
    try {
      // The proxy on this machine appends the address it saw; the client wrote 127.0.0.1 before it.
      const res = await behindProxy.client({ ip: "127.0.0.1" }).request({
        method: "GET",
        url: "/dev/mail",
        headers: { "x-forwarded-for": "127.0.0.1, 198.51.100.4" },
      });
      expect(res.status).toBe(404);
      const direct = await behindProxy.client({ ip: "198.51.100.4" }).request({
        method: "GET",
        url: "/dev/mail",
        headers: { "x-forwarded-for": "127.0.0.1" },
      });
      expect(direct.status).toBe(404);
    } finally {
      await behindProxy.close();
    }
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
