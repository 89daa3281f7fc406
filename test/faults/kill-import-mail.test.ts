import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { ownerOfNewCompany, type RunningApp, startApp, timedRequest, waitUntil } from "../support/faults.ts";
import { type SmtpPeer, startSmtpPeer } from "../support/smtp-peer.ts";

const ADDRESSES = 1_000;
// The outbox worker's lease (src/server/mail/outbox-worker.ts): what a killed sender held is due again after it.
const OUTBOX_LEASE_MS = 120_000;

/** How many times each address received a mail. */
function deliveriesPerAddress(peer: SmtpPeer): Map<string, number> {
  const perAddress = new Map<string, number>();
  for (const mail of peer.mails) for (const to of mail.to) perAddress.set(to, (perAddress.get(to) ?? 0) + 1);
  return perAddress;
}

describe("the app killed with SIGKILL while the outbox is sending", { timeout: 300_000 }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "crewdesk-fault-kill-mail-"));
  const apps: RunningApp[] = [];
  let peer: SmtpPeer | undefined;

  afterAll(async () => {
    for (const app of apps) app.server.stop();
    await peer?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("after a restart every one of 1,000 invitations arrives; only mails in flight at the kill may arrive twice", async () => {
    // A server that takes 20 ms to answer each message: the sending lasts seconds, so the kill lands in it.
    peer = await startSmtpPeer({ answerDelayMs: 20 });
    const file = path.join(dir, "crewdesk.sqlite");
    const databaseUrl = `sqlite:${file}`;
    const env = { SMTP_URL: peer.url, NEW_COMPANY_INVITES_PER_DAY: String(ADDRESSES) };
    const first = await startApp(databaseUrl, env);
    apps.push(first);
    const owner = await ownerOfNewCompany(databaseUrl);
    const addresses = Array.from({ length: ADDRESSES }, (_, i) => `killed-${i}@example.com`);

    const invited = await timedRequest(
      `${first.base}/api/companies/${owner.companyId}/contractors/invitations`,
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

    await waitUntil("the first 100 invitations delivered", async () => peer!.mails.length >= 100, 60_000);
    first.server.child.kill("SIGKILL");
    expect(await first.server.exited).toBe("SIGKILL");
    const deliveredBeforeKill = peer.mails.length;
    expect(deliveredBeforeKill).toBeLessThan(ADDRESSES);

    const database = new SQLite(file, { readonly: true });
    const statuses = () =>
      database
        .prepare(
          "SELECT status, count(*) AS n FROM outbox_emails WHERE recipient LIKE 'killed-%' GROUP BY status ORDER BY status",
        )
        .all() as { status: string; n: number }[];
    try {
      // Claimed by the dead process and not marked sent: in flight at the kill (some may have reached the
      // peer already — it keeps a message before it answers).
      const atKill = statuses();
      const inFlight = atKill.find((s) => s.status === "sending")?.n ?? 0;
      const sentAtKill = atKill.find((s) => s.status === "sent")?.n ?? 0;
      expect(inFlight + sentAtKill).toBeGreaterThan(0);
      expect(atKill.reduce((sum, s) => sum + s.n, 0)).toBe(ADDRESSES);

      const second = await startApp(databaseUrl, env);
      apps.push(second);
      await waitUntil(
        "every invitation marked sent after the restart",
        async () => JSON.stringify(statuses()) === JSON.stringify([{ status: "sent", n: ADDRESSES }]),
        OUTBOX_LEASE_MS + 90_000,
      );
      // Anything sent twice would arrive meanwhile.
      await new Promise((r) => setTimeout(r, 2_000));

      // What the outbox promises is at least once: a mail is marked sent after the SMTP server accepted it,
      // so a mail the server accepted but whose row the killed process never marked is sent again once its
      // lease (2 min) runs out. No address is missing; only mails in flight at the kill may arrive twice,
      // and none more than twice.
      const perAddress = deliveriesPerAddress(peer);
      expect([...perAddress.keys()].sort()).toEqual([...addresses].sort());
      const twice = [...perAddress.values()].filter((n) => n === 2).length;
      expect([...perAddress.values()].filter((n) => n > 2)).toEqual([]);
      expect(twice).toBeLessThanOrEqual(inFlight);
      expect(peer.mails.length).toBe(ADDRESSES + twice);
    } finally {
      database.close();
    }
  });
});
