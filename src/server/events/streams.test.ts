import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  buildCompany,
  buildMembership,
  buildTeam,
  buildUser,
  GOOD_PASSWORD,
  signedInClient,
  taskIn,
} from "../../../test/support/factories.ts";
import { tokenFromLastMail } from "../../../test/support/mail.ts";
import { listenLocally, openEventStream, type SseStream } from "../../../test/support/sse.ts";
import { setUpTestApp, type TestClient } from "../../../test/support/test-app.ts";
import { testDialect } from "../../../test/support/test-database.ts";
import { buildApp } from "../app.ts";
import { hashPassword } from "../auth/passwords.ts";
import { createAppContext } from "../kernel/context.ts";
import { createPostgresBus } from "./bus.ts";

/** The promise: a stream that may no longer see something stops within this long. */
const WITHIN_MS = 5000;

const t = setUpTestApp();
let base: string;
let passwordHash: string;
beforeAll(async () => {
  base = await listenLocally(t.app);
  passwordHash = await hashPassword(GOOD_PASSWORD);
});

const open: SseStream[] = [];
async function streamOf(client: TestClient, at = base): Promise<SseStream> {
  const stream = await openEventStream(at, client.cookies);
  open.push(stream);
  return stream;
}
afterAll(() => {
  for (const stream of open) stream.close();
});

/** A user with a password, signed in on a client of their own through the real sign-in. */
async function signedInWithPassword(email: string): Promise<{ client: TestClient; userId: string }> {
  const user = await buildUser(t.context.database.db, { email, passwordHash });
  const client = t.client();
  const res = await client.post("/api/auth/sign-in", { email, password: GOOD_PASSWORD });
  expect(res.status).toBe(200);
  return { client, userId: user.id };
}

/** Publishes a marker to one user and waits for it: every event published before it has been written. */
async function sync(stream: SseStream, userId: string, label: string): Promise<void> {
  await t.context.bus.publish({
    name: "task.updated",
    audience: { userIds: [userId] },
    // A refetch notice whose companyId field carries the marker: the stream passes data through as is.
    data: { companyId: label, refetch: true },
  });
  await stream.waitFor((e) => e.data?.companyId === label);
}

describe("live updates end with the session", () => {
  it("an event stream ends within 5 seconds of sign-out; the same user's other sessions keep theirs", async () => {
    const { client, userId } = await signedInWithPassword("out.stream@example.com");
    const other = t.client();
    await other.post("/api/auth/sign-in", { email: "out.stream@example.com", password: GOOD_PASSWORD });
    const signedOut = await streamOf(client);
    const stillIn = await streamOf(other);

    const started = performance.now();
    expect((await client.post("/api/auth/sign-out")).status).toBe(204);
    expect(await signedOut.waitForEnd(WITHIN_MS, started)).toBeLessThan(WITHIN_MS);

    await sync(stillIn, userId, "after sign-out");
    expect(stillIn.ended).toBe(false);
  });

  it("a password change ends every event stream of the account within 5 seconds", async () => {
    const email = "changed.stream@example.com";
    const { client: laptop } = await signedInWithPassword(email);
    const phone = t.client();
    await phone.post("/api/auth/sign-in", { email, password: GOOD_PASSWORD });
    const streams = [await streamOf(laptop), await streamOf(phone)];

    const recovery = t.client();
    expect((await recovery.post("/api/auth/password-recovery", { email })).status).toBe(202);
    const token = await tokenFromLastMail(t, email, "/set-password");
    const started = performance.now();
    const res = await recovery.post("/api/auth/set-password", {
      token,
      password: "an entirely new passphrase",
    });
    expect(res.status).toBe(200);
    for (const stream of streams) expect(await stream.waitForEnd(WITHIN_MS, started)).toBeLessThan(WITHIN_MS);

    // The browser that set the password opens a stream with its new session, and it stays open.
    const fresh = await streamOf(recovery);
    await sync(fresh, res.json.id, "after the new password");
    expect(fresh.ended).toBe(false);
  });

  it("an event stream ends within 5 seconds of its session's expiry, with no request made", async () => {
    const { client, userId } = await signedInWithPassword("expiring.stream@example.com");
    const idle = await signedInWithPassword("idle.stream@example.com");
    const expiring = await streamOf(client);
    const idling = await streamOf(idle.client);
    const { db } = t.context.database;
    const started = performance.now();
    await db
      .updateTable("sessions")
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where("user_id", "=", userId)
      .execute();
    await db
      .updateTable("sessions")
      .set({ last_seen_at: new Date(Date.now() - 8 * 24 * 3600 * 1000).toISOString() })
      .where("user_id", "=", idle.userId)
      .execute();
    expect(await expiring.waitForEnd(WITHIN_MS, started)).toBeLessThan(WITHIN_MS);
    expect(await idling.waitForEnd(WITHIN_MS, started)).toBeLessThan(WITHIN_MS);
  });

  it("a stream opened with a session that has ended is refused", async () => {
    const { client } = await signedInWithPassword("late.stream@example.com");
    const cookies = new Map(client.cookies);
    await client.post("/api/auth/sign-out");
    await expect(openEventStream(base, cookies)).rejects.toThrow(/answered 401/);
  });
});

describe("live updates stop where the user no longer belongs", () => {
  it("a member removed from a company stops getting the company's events within 5 seconds", async () => {
    const { db } = t.context.database;
    const company = await buildCompany(db, { name: "Leaving Co" });
    const member = await buildUser(db, { name: "Max Member" });
    await buildMembership(db, company.id, member, "manager");
    const stream = await streamOf(await signedInClient(t, member));
    const companyEvent = (n: number) =>
      t.context.bus.publish({
        name: "contractor.updated",
        audience: { companyId: company.id },
        data: { companyId: `${company.id}#${n}`, refetch: true },
      });
    await companyEvent(0);
    await stream.waitFor((e) => e.data?.companyId === `${company.id}#0`);

    await db
      .deleteFrom("memberships")
      .where("company_id", "=", company.id)
      .where("user_id", "=", member.id)
      .execute();
    const started = performance.now();
    // One company event after another, each followed by a marker to the member, until one is not delivered.
    let n = 1;
    for (; ; n++) {
      await companyEvent(n);
      await sync(stream, member.id, `removed ${n}`);
      if (!stream.events.some((e) => e.data?.companyId === `${company.id}#${n}`)) break;
      expect(performance.now() - started).toBeLessThan(WITHIN_MS);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(performance.now() - started).toBeLessThan(WITHIN_MS);
    // From then on, none.
    await companyEvent(n + 1);
    await sync(stream, member.id, "the last one");
    const numbered = (companyId: unknown) => Number(/#(\d+)$/.exec(String(companyId ?? ""))?.[1] ?? -1);
    expect(stream.events.filter((e) => numbered(e.data?.companyId) > n - 1)).toEqual([]);
    expect(stream.ended).toBe(false);
  });

  it("a contractor removed from a company stops getting that company's task events, but for the work left to finish", async () => {
    const team = await buildTeam(t, "Removing Co");
    const offered = await taskIn(team, "offered");
    const inProgress = await taskIn(team, "in_progress");
    const inReview = await taskIn(team, "in_review");
    const stream = await streamOf(team.contractor.client);
    const cid = team.company.id;

    expect((await team.owner.delete(`/api/companies/${cid}/contractors/${team.contractor.id}`)).status).toBe(
      204,
    );
    expect((await team.owner.post(`/api/companies/${cid}/tasks/${inProgress}/cancel`, {})).status).toBe(200);
    const returned = await team.owner.post(`/api/companies/${cid}/tasks/${inReview}/return`, {
      comment: "One more page, please",
    });
    expect(returned.status).toBe(200);
    // The task still theirs to finish arrives; what they may no longer see never did.
    await stream.waitFor((e) => e.event === "task.updated" && e.data?.task?.id === inReview);
    const seen = stream.events.map((e) => e.data?.task?.id ?? e.data?.contractor?.id ?? e.event);
    expect(seen).not.toContain(offered);
    expect(seen).not.toContain(inProgress);
    expect(stream.events.every((e) => e.event === "task.updated")).toBe(true);
  });
});

// Dialect-specific behaviour is only defined where it applies (never reported as skipped).
if (testDialect() === "postgres")
  describe("across nodes (PostgreSQL)", () => {
    it("a stream held by one node ends within 5 seconds of sign-out on another", async () => {
      const bus = await createPostgresBus(t.context.database.url);
      const node = await buildApp(
        createAppContext({ config: t.context.config, database: t.context.database, bus }),
        {
          logger: false,
        },
      );
      try {
        const otherBase = await listenLocally(node);
        const { client } = await signedInWithPassword("two.nodes@example.com");
        const stream = await streamOf(client, otherBase);
        const started = performance.now();
        expect((await client.post("/api/auth/sign-out")).status).toBe(204);
        expect(await stream.waitForEnd(WITHIN_MS, started)).toBeLessThan(WITHIN_MS);
      } finally {
        await node.close();
        await bus.close();
      }
    });
  });
