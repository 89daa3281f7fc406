import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { ownerOfNewCompany, type RunningApp, startApp, timedRequest, waitUntil } from "../support/faults.ts";
import { type SmtpPeer, startSmtpPeer } from "../support/smtp-peer.ts";

const ADDRESSES = 1_000;
const DOWN_MS = 30_000;

describe("the mail server down for 30 s during a bulk invitation", { timeout: 300_000 }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "crewdesk-fault-smtp-"));
  let app: RunningApp | undefined;
  const peers: SmtpPeer[] = [];

  afterAll(async () => {
    app?.server.stop();
    await Promise.all(peers.map((peer) => peer.close()));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("delivers all 1,000 invitations once the server is back, each exactly once", async () => {
    // Dropped sessions are the outage: the server goes away under the app's pooled connections.
    const first = await startSmtpPeer({ closeTimeoutMs: 1 });
    peers.push(first);
    const databaseUrl = `sqlite:${path.join(dir, "crewdesk.sqlite")}`;
    app = await startApp(databaseUrl, {
      SMTP_URL: first.url,
      NEW_COMPANY_INVITES_PER_DAY: String(ADDRESSES),
    });
    const owner = await ownerOfNewCompany(databaseUrl);
    const addresses = Array.from({ length: ADDRESSES }, (_, i) => `bulk-${i}@example.com`);

    const invited = await timedRequest(
      `${app.base}/api/companies/${owner.companyId}/contractors/invitations`,
      {
        method: "POST",
        token: owner.token,
        body: { emails: addresses.join("\n") },
      },
    );
    expect(invited.status).toBe(200);
    expect(
      (invited.body.results as { outcome: string }[]).filter((r) => r.outcome === "invited"),
    ).toHaveLength(ADDRESSES);

    // Down in the middle of the sending: some delivered, most not.
    await waitUntil("the first invitations delivered", async () => first.mails.length > 0, 60_000);
    peers.splice(0, 1);
    await first.close();
    const beforeOutage = first.mails.length;
    expect(beforeOutage).toBeLessThan(ADDRESSES);
    await new Promise((r) => setTimeout(r, DOWN_MS));
    const second = await startSmtpPeer({ port: first.port });
    peers.push(second);

    const database = new SQLite(databaseUrl.slice("sqlite:".length), { readonly: true });
    const statuses = () =>
      database
        .prepare(
          "SELECT status, count(*) AS n FROM outbox_emails WHERE recipient LIKE 'bulk-%' GROUP BY status",
        )
        .all();
    try {
      await waitUntil(
        "every invitation marked sent",
        async () => JSON.stringify(statuses()) === JSON.stringify([{ status: "sent", n: ADDRESSES }]),
        180_000,
      );
    } finally {
      database.close();
    }
    // Anything sent twice would arrive meanwhile.
    await new Promise((r) => setTimeout(r, 2_000));

    const perAddress = new Map<string, number>();
    for (const mail of [...first.mails, ...second.mails])
      for (const to of mail.to) perAddress.set(to, (perAddress.get(to) ?? 0) + 1);
    expect(second.mails.length).toBeGreaterThan(0);
    expect([...perAddress.keys()].sort()).toEqual([...addresses].sort());
    expect([...perAddress.values()].filter((n) => n !== 1)).toEqual([]);
  });
});
