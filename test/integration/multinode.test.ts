import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../src/server/auth/passwords.ts";
import { createSession } from "../../src/server/auth/sessions.ts";
import { buildCompany, buildUser, GOOD_PASSWORD } from "../support/factories.ts";
import { freePort } from "../support/ports.ts";
import { type ServerProcess, startServerProcess } from "../support/server-process.ts";
import { type SmtpPeer, startSmtpPeer } from "../support/smtp-peer.ts";
import { openEventStream } from "../support/sse.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";
import { uniqueEmail } from "../support/unique.ts";

/**
 * Two app processes on one PostgreSQL, as two nodes behind a load balancer: what one does reaches the
 * other's clients, the rate limits are one allowance for both, and the outbox is shared, never doubled.
 * (PostgreSQL only: SQLite is one node on one disk.)
 */

interface Node {
  name: string;
  base: string;
  server: ServerProcess;
}

const INVITATIONS = 5_000;
const PER_SUBMISSION = 1_000;
const SIGN_IN_PAIR_MAX = 10;

let testDb: TestDatabase;
let smtp: SmtpPeer;
let nodes: [Node, Node];

async function startNode(name: string, appUrl: string, port: number): Promise<Node> {
  const server = startServerProcess({
    PORT: String(port),
    HOST: "127.0.0.1",
    APP_URL: appUrl,
    DATABASE_URL: testDb.database.url,
    SMTP_URL: smtp.url,
    // Each node signs its envelopes with its own sender: the SMTP server tells which node sent what.
    MAIL_FROM: `Crewdesk <node-${name}@crewdesk.test>`,
    PAYMENTS: "off",
    // The 5,000 invitations of a company made today: far past a new company's daily allowance.
    NEW_COMPANY_INVITES_PER_DAY: String(INVITATIONS * 2),
    RATE_LIMIT_SIGN_IN_ACCOUNT_IP_MAX: String(SIGN_IN_PAIR_MAX),
  });
  await server.waitForOutput(/Crewdesk is running at \S+/, 90_000);
  return { name, base: `http://127.0.0.1:${port}`, server };
}

beforeAll(async () => {
  testDb = await createTestDatabase("postgres");
  smtp = await startSmtpPeer();
  const ports = [await freePort(), await freePort()] as const;
  // One public address for both, as behind a load balancer.
  const appUrl = `http://127.0.0.1:${ports[0]}`;
  nodes = await Promise.all([startNode("a", appUrl, ports[0]), startNode("b", appUrl, ports[1])]);
}, 120_000);

afterAll(async () => {
  for (const node of nodes ?? []) node.server.stop();
  await smtp?.close();
  await testDb?.destroy();
});

async function ownerSession(): Promise<{ companyId: string; token: string }> {
  const company = await buildCompany(testDb.database.db);
  return { companyId: company.id, token: await createSession(testDb.database.db, company.owner.id) };
}

async function invite(node: Node, session: { companyId: string; token: string }, emails: string[]) {
  const res = await fetch(`${node.base}/api/companies/${session.companyId}/contractors/invitations`, {
    method: "POST",
    headers: { authorization: `Bearer ${session.token}`, "content-type": "application/json" },
    body: JSON.stringify({ emails: emails.join("\n") }),
  });
  const body = (await res.json()) as { results: Array<{ outcome: string }> };
  expect(res.status, JSON.stringify(body).slice(0, 500)).toBe(200);
  return body.results;
}

describe("two nodes on one PostgreSQL", { timeout: 150_000 }, () => {
  it("carries a change made on one node to a live event stream open on the other", async () => {
    const [a, b] = nodes;
    const session = await ownerSession();
    const stream = await openEventStream(b.base, new Map([["crewdesk_session", session.token]]));
    try {
      const email = uniqueEmail("live");
      await invite(a, session, [email]);
      const event = await stream.waitFor(
        (e) => e.event === "contractor.updated" && e.data.contractor?.email === email,
        10_000,
      );
      expect(event.data.companyId).toBe(session.companyId);
    } finally {
      stream.close();
    }
  });

  it("refuses sign-in attempts alternating between the nodes at the count one node allows", async () => {
    const email = uniqueEmail("target");
    await buildUser(testDb.database.db, { email, passwordHash: await hashPassword(GOOD_PASSWORD) });
    const statuses: number[] = [];
    for (let i = 0; i <= SIGN_IN_PAIR_MAX; i++) {
      const node = nodes[i % 2] as Node;
      const res = await fetch(`${node.base}/api/auth/sign-in`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email, password: `guess ${i}` }),
      });
      statuses.push(res.status);
      if (res.status === 429) expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    }
    expect(statuses).toEqual([...Array(SIGN_IN_PAIR_MAX).fill(401), 429]);
    // Even the right password now waits, on either node.
    for (const node of nodes) {
      const res = await fetch(`${node.base}/api/auth/sign-in`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email, password: GOOD_PASSWORD }),
      });
      expect(res.status).toBe(429);
    }
  });

  it("sends each of 5,000 invitations queued on both nodes exactly once, the two nodes sharing the outbox", async () => {
    const session = await ownerSession();
    const started = Date.now();
    const addresses = Array.from({ length: INVITATIONS }, (_, i) => uniqueEmail(`bulk${i}`));
    const submissions = Array.from({ length: INVITATIONS / PER_SUBMISSION }, (_, i) =>
      addresses.slice(i * PER_SUBMISSION, (i + 1) * PER_SUBMISSION),
    );
    // Submitted to both nodes at once, while both send: the workers claim from one outbox meanwhile.
    const results = await Promise.all(
      submissions.map((emails, i) => invite(nodes[i % 2] as Node, session, emails)),
    );
    expect(results.flat().filter((r) => r.outcome === "invited")).toHaveLength(INVITATIONS);

    const wanted = new Set(addresses);
    const received = () => smtp.mails.filter((mail) => mail.to.some((to) => wanted.has(to)));
    const deadline = Date.now() + 90_000;
    while (received().length < INVITATIONS && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    // A moment more: a duplicate sent late would show up now.
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    const perRecipient = new Map<string, number>();
    for (const mail of received()) {
      for (const to of mail.to) perRecipient.set(to, (perRecipient.get(to) ?? 0) + 1);
    }
    const missing = addresses.filter((address) => !perRecipient.has(address));
    const doubled = [...perRecipient].filter(([, count]) => count > 1);
    expect({ missing: missing.length, doubled: doubled.length }).toEqual({ missing: 0, doubled: 0 });
    expect(perRecipient.size).toBe(INVITATIONS);

    const bySender = new Map<string, number>();
    for (const mail of received()) bySender.set(mail.from, (bySender.get(mail.from) ?? 0) + 1);
    expect(bySender.get("node-a@crewdesk.test") ?? 0).toBeGreaterThan(0);
    expect(bySender.get("node-b@crewdesk.test") ?? 0).toBeGreaterThan(0);
    expect((bySender.get("node-a@crewdesk.test") ?? 0) + (bySender.get("node-b@crewdesk.test") ?? 0)).toBe(
      INVITATIONS,
    );

    // The outbox agrees: every row sent, none left queued or sending.
    const outbox = await testDb.database.db
      .selectFrom("outbox_emails")
      .select(["status", (eb) => eb.fn.countAll<string>().as("count")])
      .where("recipient", "in", addresses)
      .groupBy("status")
      .execute();
    expect(outbox.map((row) => ({ status: row.status, count: Number(row.count) }))).toEqual([
      { status: "sent", count: INVITATIONS },
    ]);
    console.log(
      `multinode: ${INVITATIONS} invitations queued and sent in ${((Date.now() - started) / 1000).toFixed(1)} s; node a sent ${bySender.get("node-a@crewdesk.test")}, node b ${bySender.get("node-b@crewdesk.test")}`,
    );
  });
});
