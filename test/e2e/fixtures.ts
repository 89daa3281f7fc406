import path from "node:path";
import { type APIRequestContext, test as base, expect } from "@playwright/test";
import { buildApp } from "../../src/server/app.ts";
import { loadConfig } from "../../src/server/config.ts";
import type { Database } from "../../src/server/db/connection.ts";
import { startDocumentsWorker } from "../../src/server/documents/worker.ts";
import { createInProcessBus } from "../../src/server/events/bus.ts";
import { createAppContext } from "../../src/server/kernel/context.ts";
import { startOutboxWorker } from "../../src/server/mail/outbox-worker.ts";
import { createSmtpTransport } from "../../src/server/mail/transport.ts";
import { startWebhookWorker } from "../../src/server/webhooks/delivery-worker.ts";
import { freePort } from "../support/ports.ts";
import { repoRoot } from "../support/server-process.ts";
import { type SmtpPeer, startSmtpPeer } from "../support/smtp-peer.ts";
import { createTestDatabase } from "../support/test-database.ts";

export interface RunningApp {
  /** `http://127.0.0.1:<port>`, also APP_URL: the only origin the app accepts unsafe requests from. */
  baseURL: string;
  /** The real SMTP server the app's outbox worker delivers to. */
  smtp: SmtpPeer;
  /** The app's database, for building what a test needs but a person would take many pages to make. */
  database: Database;
}

/**
 * The real Crewdesk, in process, once per worker: SQLite, the built web app (dist/web), the in-process
 * event bus, and the outbox worker sending mail to a real SMTP peer.
 */
export const test = base.extend<
  { smtp: SmtpPeer; database: Database },
  { crewdesk: RunningApp; payments: "prepaid" | "off" }
>({
  // Money is not the point of most specs: their app runs with PAYMENTS=off. A spec about money says
  // `test.use({ payments: "prepaid" })` and gets an app of its own.
  payments: ["off", { scope: "worker", option: true }],
  crewdesk: [
    async ({ payments }, use) => {
      // APP_URL must name the port before the app is built.
      const port = await freePort();
      const baseURL = `http://127.0.0.1:${port}`;
      const testDb = await createTestDatabase("sqlite");
      const smtp = await startSmtpPeer();
      const config = loadConfig({
        APP_URL: baseURL,
        SMTP_URL: smtp.url,
        NODE_ENV: "test",
        PAYMENTS: payments,
        WEB_ROOT: path.join(repoRoot, "dist/web"),
        // Every test signs up from 127.0.0.1: keep the per-IP limits out of the way.
        RATE_LIMIT_SIGN_UP_IP_MAX: "10000",
        RATE_LIMIT_SIGN_IN_IP_MAX: "10000",
        RATE_LIMIT_RECOVERY_IP_MAX: "10000",
        RATE_LIMIT_LINKS_IP_MAX: "10000",
        // The specs' webhook receivers listen on 127.0.0.1.
        WEBHOOKS_ALLOW_PRIVATE: "1",
      });
      const bus = createInProcessBus();
      const context = createAppContext({ config, database: testDb.database, bus });
      const app = await buildApp(context, { logger: false });
      await app.listen({ port, host: "127.0.0.1" });
      const worker = startOutboxWorker(
        testDb.database,
        createSmtpTransport(smtp.url, config.mailFrom),
        app.log,
      );
      // With money on, paid tasks' acts are issued in the background as on a real node.
      const documents = payments === "prepaid" ? startDocumentsWorker(context, app.log) : null;
      const webhooks = startWebhookWorker(context, app.log);

      await use({ baseURL, smtp, database: testDb.database });

      await documents?.stop();
      await worker.stop();
      await webhooks.stop();
      await app.close();
      await bus.close();
      await smtp.close();
      await testDb.destroy();
    },
    { scope: "worker", timeout: 60_000 },
  ],
  baseURL: async ({ crewdesk }, use) => use(crewdesk.baseURL),
  smtp: async ({ crewdesk }, use) => use(crewdesk.smtp),
  database: async ({ crewdesk }, use) => use(crewdesk.database),
});

/** An address no other test uses. */
export { uniqueEmail } from "../support/unique.ts";
export { expect };

/**
 * A company owner confirms their address as they would, from the emailed link, signed in (their company's
 * invitation and task emails are held until then). `request` carries the owner's session.
 */
export async function confirmEmail(
  request: APIRequestContext,
  smtp: SmtpPeer,
  email: string,
  origin: string,
): Promise<void> {
  const mail = await smtp.waitFor(
    (m) => m.to.includes(email) && m.links.some((l) => l.includes("/verify-email?token=")),
  );
  const link = mail.links.find((l) => l.includes("/verify-email?token=")) ?? "";
  const token = new URL(link).searchParams.get("token");
  const res = await request.post("/api/auth/verify-email", { data: { token }, headers: { origin } });
  expect(res.status(), await res.text()).toBe(200);
  expect((await res.json()).accountReset).toBe(false);
}
