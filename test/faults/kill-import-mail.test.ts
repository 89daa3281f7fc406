import { afterEach, describe, expect, it } from "vitest";
import type { Database } from "../../src/server/db/connection.ts";
import { shownTask } from "../../src/server/tasks/access.ts";
import {
  FAULT_DIALECTS,
  ownerOfNewCompany,
  timedRequest,
  useFaultDatabase,
  waitUntil,
} from "../support/faults.ts";
import { csvFile } from "../support/import-files.ts";
import { type SmtpPeer, startSmtpPeer } from "../support/smtp-peer.ts";

const ADDRESSES = 1_000;
// An import whose commit takes seconds: 30,000 rows in 2,000-row chunks, for 300 new contractors.
const IMPORT_ROWS = 30_000;
const IMPORT_NEW_ADDRESSES = 300;
// The commit job's lease (src/server/imports/commit-job.ts): a killed node's job is taken over after it.
const COMMIT_LEASE_MS = 60_000;
// The outbox's lease (OUTBOX_LEASE_SECONDS, 2 min by default): what a killed sender held is due again after it.
// 10 s here, so that the test does not wait minutes; still far longer than any send to the local peer takes.
const OUTBOX_LEASE_SECONDS = 10;

/** How many times each address received a mail. */
function deliveriesPerAddress(peer: SmtpPeer): Map<string, number> {
  const perAddress = new Map<string, number>();
  for (const mail of peer.mails) for (const to of mail.to) perAddress.set(to, (perAddress.get(to) ?? 0) + 1);
  return perAddress;
}

/** The outbox's mails to `prefix…` addresses by status, as [{ status, n }] in the order of the status. */
async function outboxStatuses(database: Database, prefix: string): Promise<{ status: string; n: number }[]> {
  const rows = await database.db
    .selectFrom("outbox_emails")
    .select(["status", (eb) => eb.fn.countAll<number | string>().as("n")])
    .where("recipient", "like", `${prefix}%`)
    .groupBy("status")
    .orderBy("status")
    .execute();
  return rows.map((r) => ({ status: r.status, n: Number(r.n) }));
}

describe.each(FAULT_DIALECTS)("the app killed with SIGKILL (%s)", (dialect) => {
  const run = useFaultDatabase(dialect);
  let peers: SmtpPeer[] = [];

  afterEach(async () => {
    await Promise.all(peers.map((peer) => peer.close()));
    peers = [];
  });

  it("after a restart every one of 1,000 invitations arrives; only mails in flight at the kill may arrive twice", async () => {
    // A server that takes 20 ms to answer each message: the sending lasts seconds, so the kill lands in it.
    const mailPeer = await startSmtpPeer({ answerDelayMs: 20 });
    peers.push(mailPeer);
    const databaseUrl = run.url;
    const env = {
      SMTP_URL: mailPeer.url,
      NEW_COMPANY_INVITES_PER_DAY: String(ADDRESSES),
      OUTBOX_LEASE_SECONDS: String(OUTBOX_LEASE_SECONDS),
    };
    const first = await run.start(env);
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

    await waitUntil("the first 100 invitations delivered", async () => mailPeer.mails.length >= 100, 60_000);
    first.server.child.kill("SIGKILL");
    expect(await first.server.exited).toBe("SIGKILL");
    expect(mailPeer.mails.length).toBeLessThan(ADDRESSES);

    // Read beside the app, in this process.
    const { database } = await run.context();
    const statuses = () => outboxStatuses(database, "killed-");
    // Claimed by the dead process and not marked sent: in flight at the kill (some may have reached the
    // peer already — it keeps a message before it answers).
    const atKill = await statuses();
    const inFlight = atKill.find((s) => s.status === "sending")?.n ?? 0;
    const sentAtKill = atKill.find((s) => s.status === "sent")?.n ?? 0;
    expect(inFlight + sentAtKill).toBeGreaterThan(0);
    expect(atKill.reduce((sum, s) => sum + s.n, 0)).toBe(ADDRESSES);

    const _second = await run.start(env);
    await waitUntil(
      "every invitation marked sent after the restart",
      async () => JSON.stringify(await statuses()) === JSON.stringify([{ status: "sent", n: ADDRESSES }]),
      OUTBOX_LEASE_SECONDS * 1000 + 90_000,
    );
    // Anything sent twice would arrive meanwhile.
    await new Promise((r) => setTimeout(r, 2_000));

    // What the outbox promises is at least once: a mail is marked sent after the SMTP server accepted it,
    // so a mail the server accepted but whose row the killed process never marked is sent again once its
    // lease runs out. No address is missing; only mails in flight at the kill may arrive twice,
    // and none more than twice.
    const perAddress = deliveriesPerAddress(mailPeer);
    expect([...perAddress.keys()].sort()).toEqual([...addresses].sort());
    const twice = [...perAddress.values()].filter((n) => n === 2).length;
    expect([...perAddress.values()].filter((n) => n > 2)).toEqual([]);
    expect(twice).toBeLessThanOrEqual(inFlight);
    expect(mailPeer.mails.length).toBe(ADDRESSES + twice);
  });

  it("shows none of it after the kill, then finishes it once: every row once, one invitation per new address", async () => {
    const mailPeer = await startSmtpPeer();
    peers.push(mailPeer);
    const databaseUrl = run.url;
    const env = { SMTP_URL: mailPeer.url, INVITES_PER_HOUR: "100000", NEW_COMPANY_INVITES_PER_DAY: "100000" };
    const first = await run.start(env);
    const owner = await ownerOfNewCompany(databaseUrl);
    const addresses = Array.from({ length: IMPORT_NEW_ADDRESSES }, (_, i) => `imported-${i}@example.com`);
    const rows = [["Contractor email", "Contractor name", "Task title", "Amount", "Currency", "External ID"]];
    for (let i = 0; i < IMPORT_ROWS; i++) {
      const n = i % IMPORT_NEW_ADDRESSES;
      rows.push([
        `imported-${n}@example.com`,
        `Contractor ${n}`,
        `Translate page ${i}`,
        "100",
        "USD",
        `EXT-${i}`,
      ]);
    }
    const form = new FormData();
    form.append("file", new Blob([new Uint8Array(csvFile(rows))]), "tasks.csv");
    const importsUrl = (base: string) => `${base}/api/companies/${owner.companyId}/task-imports`;
    const uploaded = await fetch(importsUrl(first.base), {
      method: "POST",
      headers: { authorization: `Bearer ${owner.token}` },
      body: form,
    });
    expect(uploaded.status).toBe(202);
    const { id } = (await uploaded.json()) as { id: string };
    const importOf = async (base: string) =>
      (await timedRequest(`${importsUrl(base)}/${id}`, { token: owner.token })).body as {
        status: string;
        progress: { done: number; total: number };
        validRows: number;
      };
    await waitUntil(
      "the file read",
      async () => (await importOf(first.base)).status === "validated",
      120_000,
    );
    expect((await importOf(first.base)).validRows).toBe(IMPORT_ROWS);

    const committed = await timedRequest(`${importsUrl(first.base)}/${id}/commit`, {
      method: "POST",
      token: owner.token,
      body: { skipInvalidRows: true },
    });
    expect(committed.status).toBe(202);
    // Killed with some rows written and not all: the middle of the commit.
    await waitUntil(
      "the commit under way",
      async () => {
        const now = await importOf(first.base);
        return now.status === "committing" && now.progress.done > 0 && now.progress.done < IMPORT_ROWS;
      },
      120_000,
    );
    first.server.child.kill("SIGKILL");
    expect(await first.server.exited).toBe("SIGKILL");

    const { db } = (await run.context()).database;
    const ofCompany = () => db.selectFrom("tasks as t").where("t.company_id", "=", owner.companyId);
    const number = async (query: Promise<{ n: number | string }>) => Number((await query).n);
    const tasksWritten = () =>
      number(
        ofCompany()
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow(),
      );
    const tasksShown = () =>
      number(
        ofCompany()
          // The list's rule: a task of an import that is still committing is not shown.
          .where(shownTask)
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow(),
      );
    const distinctRows = () =>
      number(
        ofCompany()
          .select((eb) => eb.fn.count<number>("t.external_id").distinct().as("n"))
          .executeTakeFirstOrThrow(),
      );
    const invitationsSent = () =>
      number(
        db
          .selectFrom("outbox_emails")
          .where("company_id", "=", owner.companyId)
          .where("status", "=", "sent")
          .where("recipient", "like", "imported-%")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow(),
      );
    // Part of it written, none of it shown, nothing of it sent.
    const writtenAtKill = await tasksWritten();
    expect(writtenAtKill).toBeGreaterThan(0);
    expect(writtenAtKill).toBeLessThan(IMPORT_ROWS);
    expect(await tasksShown()).toBe(0);
    expect(await invitationsSent()).toBe(0);
    expect(mailPeer.mails).toEqual([]);

    const second = await run.start(env);
    // Until the dead node's lease runs out the import stays committing, and its tasks unseen.
    const listed = await timedRequest(`${second.base}/api/companies/${owner.companyId}/tasks?total=true`, {
      token: owner.token,
    });
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([]);
    expect((await importOf(second.base)).status).toBe("committing");

    await waitUntil(
      "the import finished after the restart",
      async () => (await importOf(second.base)).status === "done",
      COMMIT_LEASE_MS + 90_000,
    );
    expect(await tasksWritten()).toBe(IMPORT_ROWS);
    expect(await tasksShown()).toBe(IMPORT_ROWS);
    expect(await distinctRows()).toBe(IMPORT_ROWS);
    await waitUntil(
      "every invitation sent",
      async () => (await invitationsSent()) === IMPORT_NEW_ADDRESSES,
      60_000,
    );
    // Anything sent twice would arrive meanwhile.
    await new Promise((r) => setTimeout(r, 2_000));
    const perAddress = deliveriesPerAddress(mailPeer);
    expect([...perAddress.keys()].sort()).toEqual([...addresses].sort());
    expect([...perAddress.values()].filter((n) => n !== 1)).toEqual([]);
  });
});
