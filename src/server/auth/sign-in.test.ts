import { beforeAll, describe, expect, it } from "vitest";
import { sessionTokenOf } from "../../../test/support/accounts.ts";
import { buildSession, buildUser, GOOD_PASSWORD } from "../../../test/support/factories.ts";
import { setUpTestApp } from "../../../test/support/test-app.ts";
import type { UsersTable } from "../db/types.ts";
import type { Visitor } from "../kernel/actors.ts";
import { transact } from "../kernel/transaction.ts";
import { hashPassword } from "./passwords.ts";
import { findSessionUser, SESSION_ABSOLUTE_MS } from "./sessions.ts";
import { SIGN_IN_FAILED, signIn as signInUseCase } from "./sign-in.ts";

const t = setUpTestApp();
let passwordHash: string;
beforeAll(async () => {
  passwordHash = await hashPassword(GOOD_PASSWORD);
});

const daysAgo = (days: number) => new Date(Date.now() - days * 24 * 3600 * 1000).toISOString();

async function signIn(email: string, password = GOOD_PASSWORD) {
  const client = t.client();
  const res = await client.post("/api/auth/sign-in", { email, password });
  return { client, res };
}

describe("signing in", () => {
  it("signs in with the address in any case or width and answers the user", async () => {
    const user = await buildUser(t.context.database.db, {
      email: "sam@example.com",
      name: "Sam",
      passwordHash,
    });
    const { client, res } = await signIn(" SAM＠Example.COM ");
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      id: user.id,
      email: "sam@example.com",
      name: "Sam",
      emailVerified: true,
      platformRole: null,
    });
    const me = await client.get("/api/me");
    expect(me.json.user.id).toBe(user.id);
  });

  it("opens a new session at every sign-in, replacing the browser's previous one", async () => {
    await buildUser(t.context.database.db, { email: "fix@example.com", passwordHash });
    const { client } = await signIn("fix@example.com");
    const first = client.cookies.get("crewdesk_session");
    const again = await client.post("/api/auth/sign-in", {
      email: "fix@example.com",
      password: GOOD_PASSWORD,
    });
    expect(again.status).toBe(200);
    const second = client.cookies.get("crewdesk_session");
    expect(second).toBeTruthy();
    expect(second).not.toBe(first);
    const stale = t.client();
    stale.cookies.set("crewdesk_session", first ?? "");
    expect((await stale.get("/api/me")).status).toBe(401);
    expect((await client.get("/api/me")).status).toBe(200);
  });

  it("answers the same for an unknown address, a wrong password and an account without a password", async () => {
    await buildUser(t.context.database.db, { email: "known@example.com", passwordHash });
    await buildUser(t.context.database.db, {
      email: "invited@example.com",
      passwordHash: null,
      verified: false,
    });
    const unknown = await signIn("nobody@example.com");
    const wrong = await signIn("known@example.com", "not the password");
    const noPassword = await signIn("invited@example.com", "anything at all");
    for (const { res } of [unknown, wrong, noPassword]) {
      expect(res.status).toBe(401);
      expect(res.headers["set-cookie"]).toBeUndefined();
      expect(res.headers["content-type"]).toBe(unknown.res.headers["content-type"]);
    }
    expect(unknown.res.json.detail).toBe(SIGN_IN_FAILED);
    expect(wrong.res.body).toBe(unknown.res.body);
    expect(noPassword.res.body).toBe(unknown.res.body);
  });

  it("takes comparable time for an unknown address and a wrong password (a hash is checked either way)", async () => {
    await buildUser(t.context.database.db, { email: "timing@example.com", passwordHash });
    await signIn("warm-up@example.com");
    const once = async (email: string) => {
      const started = performance.now();
      await signIn(email, "wrong password here");
      return performance.now() - started;
    };
    // Interleaved, and the fastest of each kept: a busy machine slows single attempts, never the minimum.
    let known = Number.POSITIVE_INFINITY;
    let unknown = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 5; i++) {
      known = Math.min(known, await once("timing@example.com"));
      unknown = Math.min(unknown, await once("no-such-account@example.com"));
    }
    // argon2id with m=19 MiB takes tens of milliseconds: without the dummy check an unknown address would
    // answer in a small fraction of that.
    expect(unknown / known).toBeGreaterThan(0.4);
    expect(unknown / known).toBeLessThan(2.5);
  });

  it("signs out: 204, the session ends and the cookie is cleared", async () => {
    await buildUser(t.context.database.db, { email: "out@example.com", passwordHash });
    const { client } = await signIn("out@example.com");
    const token = client.cookies.get("crewdesk_session") ?? "";
    const res = await client.post("/api/auth/sign-out");
    expect(res.status).toBe(204);
    expect(String(res.headers["set-cookie"])).toMatch(/crewdesk_session=;/);
    expect(client.cookies.has("crewdesk_session")).toBe(false);
    const replay = t.client();
    replay.cookies.set("crewdesk_session", token);
    const me = await replay.get("/api/me");
    expect(me.status).toBe(401);
    expect(me.headers["content-type"]).toContain("application/problem+json");
  });

  it("answers 401 on /api/me when signed out", async () => {
    expect((await t.client().get("/api/me")).status).toBe(401);
  });
});

describe("session lifetime", () => {
  async function sessionOf(email: string) {
    await buildUser(t.context.database.db, { email, passwordHash });
    const { client, res } = await signIn(email);
    const session = await t.context.database.db
      .selectFrom("sessions")
      .selectAll()
      .where("user_id", "=", res.json.id)
      .executeTakeFirstOrThrow();
    return { client, session };
  }

  it("lasts 30 days at most, from sign-in", async () => {
    const { session } = await sessionOf("thirty@example.com");
    expect(Date.parse(session.expires_at) - Date.parse(session.created_at)).toBe(SESSION_ABSOLUTE_MS);
  });

  it("survives 6 idle days but not 8", async () => {
    const { client, session } = await sessionOf("idle@example.com");
    const lastSeen = (days: number) =>
      t.context.database.db
        .updateTable("sessions")
        .set({ last_seen_at: daysAgo(days) })
        .where("id", "=", session.id)
        .execute();
    await lastSeen(6);
    expect((await client.get("/api/me")).status).toBe(200);
    await lastSeen(8);
    expect((await client.get("/api/me")).status).toBe(401);
  });

  it("ends 30 days after sign-in even when used every day", async () => {
    const { client, session } = await sessionOf("absolute@example.com");
    const db = t.context.database.db;
    await db
      .updateTable("sessions")
      .set({
        created_at: daysAgo(29.9),
        expires_at: new Date(Date.now() + 3600_000).toISOString(),
        last_seen_at: daysAgo(0.5),
      })
      .where("id", "=", session.id)
      .execute();
    expect((await client.get("/api/me")).status).toBe(200);
    await db
      .updateTable("sessions")
      .set({ created_at: daysAgo(30.1), expires_at: daysAgo(0.1), last_seen_at: daysAgo(0.01) })
      .where("id", "=", session.id)
      .execute();
    expect((await client.get("/api/me")).status).toBe(401);
  });
});

describe("signIn", () => {
  const signInAs = (visitor: Visitor, user: UsersTable) =>
    transact(t.context, (tx) => signInUseCase(tx, visitor, user));

  it("opens a session for the user", async () => {
    const user = await buildUser(t.context.database.db);
    const sessionToken = sessionTokenOf(
      await signInAs({ ip: "10.0.0.5", sessionId: null, userId: null }, user),
    );
    expect((await findSessionUser(t.context.database.db, sessionToken))?.user.id).toBe(user.id);
  });

  it("ends the session the browser held before", async () => {
    const { db } = t.context.database;
    const user = await buildUser(db);
    const held = await buildSession(db, user);
    await signInAs({ ip: "10.0.0.5", sessionId: held.id, userId: user.id }, user);
    expect(await findSessionUser(db, held.token)).toBeNull();
  });
});
