import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  buildCompany,
  buildRelation,
  buildUser,
  GOOD_PASSWORD,
  signedInClient,
} from "../../../test/support/factories.ts";
import { invite } from "../../../test/support/invitations.ts";
import { tokenFromLastMail } from "../../../test/support/mail.ts";
import { startTestApp, TEST_APP_URL, type TestApp } from "../../../test/support/test-app.ts";
import type { AppEvent } from "../events/bus.ts";
import { issueToken } from "./auth-tokens.ts";
import { RECOVERY_ACCEPTED } from "./password-recovery.ts";
import { hashPassword } from "./passwords.ts";

let t: TestApp;
let passwordHash: string;
beforeAll(async () => {
  t = await startTestApp();
  passwordHash = await hashPassword(GOOD_PASSWORD);
});
afterAll(() => t.close());

const NEW_PASSWORD = "a brand new passphrase";

async function recoveryToken(email: string): Promise<string> {
  const res = await t.client().post("/api/auth/password-recovery", { email });
  expect(res.status).toBe(202);
  return tokenFromLastMail(t, email, "/set-password");
}

describe("password recovery", () => {
  it("answers 202 with the same body for a known and an unknown address, and mails only the known one", async () => {
    await buildUser(t.context.database.db, { email: "kim@example.com", name: "Kim", passwordHash });
    const known = await t.client().post("/api/auth/password-recovery", { email: "Kim@Example.com" });
    const unknown = await t.client().post("/api/auth/password-recovery", { email: "ghost@example.com" });
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(unknown.body).toBe(known.body);
    expect(known.json).toEqual({ message: RECOVERY_ACCEPTED });
    await t.deliverMail();
    const mail = await t.smtp.waitFor((m) => m.to.includes("kim@example.com"));
    expect(mail.subject).toBe("Set a new Crewdesk password");
    expect(mail.links.some((l) => l.startsWith(`${TEST_APP_URL}/set-password?token=`))).toBe(true);
    expect(t.smtp.mailsTo("ghost@example.com")).toEqual([]);
  });

  it("never takes a link's host from the request: a forged Host or X-Forwarded-Host does not reach the mail", async () => {
    await buildUser(t.context.database.db, { email: "forged@example.com", passwordHash });
    const res = await t.client().request({
      method: "POST",
      url: "/api/auth/password-recovery",
      payload: { email: "forged@example.com" },
      headers: {
        host: "attacker.example",
        "x-forwarded-host": "attacker.example",
        "x-forwarded-proto": "https",
      },
    });
    expect(res.status).toBe(202);
    await t.deliverMail();
    const mail = await t.smtp.waitFor((m) => m.to.includes("forged@example.com"));
    expect(mail.links.length).toBeGreaterThan(0);
    for (const link of mail.links) expect(new URL(link).origin).toBe(TEST_APP_URL);
    expect(`${mail.text}${mail.html}`).not.toContain("attacker.example");
  });

  it("lets an invited account that never chose a password choose one, proving the address", async () => {
    const user = await buildUser(t.context.database.db, {
      email: "new.hire@example.com",
      passwordHash: null,
      verified: false,
    });
    const token = await recoveryToken("new.hire@example.com");
    const mail = t.smtp.mailsTo("new.hire@example.com").at(-1);
    expect(mail?.subject).toBe("Choose your Crewdesk password");
    const info = await t.client().post("/api/auth/tokens/inspect", { token });
    expect(info.json).toEqual({ purpose: "recovery", email: "new.hire@example.com", accountExists: false });
    const client = t.client();
    const res = await client.post("/api/auth/set-password", { token, password: NEW_PASSWORD });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id: user.id, emailVerified: true });
    expect((await client.get("/api/me")).json.user.id).toBe(user.id);
    const signIn = await t
      .client()
      .post("/api/auth/sign-in", { email: "new.hire@example.com", password: NEW_PASSWORD });
    expect(signIn.status).toBe(200);
  });
});

describe("link tokens", () => {
  it("can be read twice without being used, then used once; a second use answers 410", async () => {
    await buildUser(t.context.database.db, { email: "twice@example.com", passwordHash });
    const token = await recoveryToken("twice@example.com");
    const reader = t.client();
    const first = await reader.post("/api/auth/tokens/inspect", { token });
    const second = await reader.post("/api/auth/tokens/inspect", { token });
    expect(first.status).toBe(200);
    expect(second.json).toEqual(first.json);
    expect(first.json).toEqual({ purpose: "recovery", email: "twice@example.com", accountExists: true });

    const used = await t.client().post("/api/auth/set-password", { token, password: NEW_PASSWORD });
    expect(used.status).toBe(200);
    const again = await t
      .client()
      .post("/api/auth/set-password", { token, password: "yet another passphrase" });
    expect(again.status).toBe(410);
    expect(again.headers["content-type"]).toContain("application/problem+json");
    expect((await reader.post("/api/auth/tokens/inspect", { token })).status).toBe(410);
    // The second attempt changed nothing.
    expect(
      (await t.client().post("/api/auth/sign-in", { email: "twice@example.com", password: NEW_PASSWORD }))
        .status,
    ).toBe(200);
  });

  it("answers 410 once expired", async () => {
    const user = await buildUser(t.context.database.db, { email: "late@example.com", passwordHash });
    const token = await recoveryToken("late@example.com");
    await t.context.database.db
      .updateTable("auth_tokens")
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where("user_id", "=", user.id)
      .execute();
    expect((await t.client().post("/api/auth/tokens/inspect", { token })).status).toBe(410);
    expect((await t.client().post("/api/auth/set-password", { token, password: NEW_PASSWORD })).status).toBe(
      410,
    );
  });

  it("expires a recovery link after 1 hour and a verification link after 3 days", async () => {
    const user = await buildUser(t.context.database.db, { email: "ttl@example.com", passwordHash });
    await recoveryToken("ttl@example.com");
    const rows = await t.context.database.db
      .selectFrom("auth_tokens")
      .select(["purpose", "created_at", "expires_at"])
      .where("user_id", "=", user.id)
      .execute();
    const recovery = rows.find((r) => r.purpose === "recovery");
    expect(Date.parse(recovery?.expires_at ?? "") - Date.parse(recovery?.created_at ?? "")).toBe(3600_000);

    await t.client().post("/api/auth/sign-up", {
      accountType: "contractor",
      email: "ttl.verify@example.com",
      password: GOOD_PASSWORD,
      name: "T",
    });
    const verification = await t.context.database.db
      .selectFrom("auth_tokens")
      .innerJoin("users", "users.id", "auth_tokens.user_id")
      .select(["auth_tokens.created_at", "auth_tokens.expires_at"])
      .where("users.email", "=", "ttl.verify@example.com")
      .executeTakeFirstOrThrow();
    expect(Date.parse(verification.expires_at) - Date.parse(verification.created_at)).toBe(3 * 24 * 3600_000);
  });

  it("are all dead after a password change: an older verification link answers 410", async () => {
    const client = t.client();
    await client.post("/api/auth/sign-up", {
      accountType: "contractor",
      email: "changer@example.com",
      password: GOOD_PASSWORD,
      name: "Changer",
    });
    const verification = await tokenFromLastMail(t, "changer@example.com", "/verify-email");
    const recovery = await recoveryToken("changer@example.com");
    expect(
      (await t.client().post("/api/auth/set-password", { token: recovery, password: NEW_PASSWORD })).status,
    ).toBe(200);
    expect((await t.client().post("/api/auth/tokens/inspect", { token: verification })).status).toBe(410);
    expect((await t.client().post("/api/auth/verify-email", { token: verification })).status).toBe(410);
  });

  it("ends every session of the user after a password change and signs in with a new one", async () => {
    await buildUser(t.context.database.db, { email: "many@example.com", passwordHash });
    const laptop = t.client();
    const phone = t.client();
    await laptop.post("/api/auth/sign-in", { email: "many@example.com", password: GOOD_PASSWORD });
    await phone.post("/api/auth/sign-in", { email: "many@example.com", password: GOOD_PASSWORD });
    expect((await laptop.get("/api/me")).status).toBe(200);
    const token = await recoveryToken("many@example.com");
    const browser = t.client();
    expect((await browser.post("/api/auth/set-password", { token, password: NEW_PASSWORD })).status).toBe(
      200,
    );
    expect((await laptop.get("/api/me")).status).toBe(401);
    expect((await phone.get("/api/me")).status).toBe(401);
    expect((await browser.get("/api/me")).status).toBe(200);
    expect(
      (await t.client().post("/api/auth/sign-in", { email: "many@example.com", password: GOOD_PASSWORD }))
        .status,
    ).toBe(401);
  });

  it("replaces the session of whoever was signed in on that browser", async () => {
    const db = t.context.database.db;
    await buildUser(db, { email: "partner@example.com", passwordHash });
    const owner = await buildUser(db, { email: "link.owner@example.com", passwordHash });
    const shared = t.client();
    await shared.post("/api/auth/sign-in", { email: "partner@example.com", password: GOOD_PASSWORD });
    const partnerSession = shared.cookies.get("crewdesk_session") ?? "";
    const token = await recoveryToken("link.owner@example.com");
    expect((await shared.post("/api/auth/set-password", { token, password: NEW_PASSWORD })).status).toBe(200);
    expect((await shared.get("/api/me")).json.user.id).toBe(owner.id);
    const replay = t.client();
    replay.cookies.set("crewdesk_session", partnerSession);
    expect((await replay.get("/api/me")).status).toBe(401);
  });

  it("refuses a weak new password naming the field, and leaves the link usable", async () => {
    await buildUser(t.context.database.db, { email: "weak@example.com", passwordHash });
    const token = await recoveryToken("weak@example.com");
    const res = await t.client().post("/api/auth/set-password", { token, password: "qwertyuiop" });
    expect(res.status).toBe(400);
    expect(res.json.errors[0].field).toBe("password");
    expect((await t.client().post("/api/auth/tokens/inspect", { token })).status).toBe(200);
    expect((await t.client().post("/api/auth/set-password", { token, password: NEW_PASSWORD })).status).toBe(
      200,
    );
  });

  it("does not let a verification link set a password, nor a password link verify an email", async () => {
    const owner = t.client();
    await owner.post("/api/auth/sign-up", {
      accountType: "contractor",
      email: "kinds@example.com",
      password: GOOD_PASSWORD,
      name: "Kinds",
    });
    const verification = await tokenFromLastMail(t, "kinds@example.com", "/verify-email");
    const recovery = await recoveryToken("kinds@example.com");
    expect(
      (await t.client().post("/api/auth/set-password", { token: verification, password: NEW_PASSWORD }))
        .status,
    ).toBe(400);
    expect((await t.client().post("/api/auth/verify-email", { token: recovery })).status).toBe(400);
    // Both stay usable for their own page (confirmed signed in, so the account is kept as it is).
    expect((await owner.post("/api/auth/verify-email", { token: verification })).status).toBe(200);
    expect(
      (await t.client().post("/api/auth/set-password", { token: recovery, password: NEW_PASSWORD })).status,
    ).toBe(200);
  });

  it("answers 410 for a token that never existed", async () => {
    const res = await t.client().post("/api/auth/tokens/inspect", { token: "x".repeat(43) });
    expect(res.status).toBe(410);
  });
});

describe("invitations accepted by choosing a password", () => {
  it("names the inviting company, then accepts every pending invitation but not a removed one", async () => {
    const db = t.context.database.db;
    const acme = await buildCompany(db, { name: "Acme" });
    const globex = await buildCompany(db, { name: "Globex" });
    const initech = await buildCompany(db, { name: "Initech" });
    const user = await buildUser(db, { email: "invitee@example.com", passwordHash: null, verified: false });
    const acmeRelation = await buildRelation(t, { companyId: acme.id, userId: user.id });
    const globexRelation = await buildRelation(t, { companyId: globex.id, userId: user.id });
    const removed = await buildRelation(t, { companyId: initech.id, userId: user.id, status: "removed" });
    const token = await db
      .transaction()
      .execute((trx) =>
        issueToken(trx, { purpose: "invitation", userId: user.id, contractorId: acmeRelation }, new Date()),
      );

    const info = await t.client().post("/api/auth/tokens/inspect", { token });
    expect(info.json).toEqual({
      purpose: "invitation",
      email: "invitee@example.com",
      companyName: "Acme",
      accountExists: false,
    });

    const events: AppEvent[] = [];
    const unsubscribe = t.context.bus.subscribe((e) => events.push(e));
    const client = t.client();
    const res = await client.post("/api/auth/set-password", { token, password: NEW_PASSWORD });
    expect(res.status).toBe(200);
    expect(res.json.emailVerified).toBe(true);
    expect(res.json.joined).toEqual([
      { companyId: acme.id, companyName: "Acme" },
      { companyId: globex.id, companyName: "Globex" },
    ]);

    const relations = await db
      .selectFrom("contractors")
      .select(["id", "status", "accepted_at"])
      .where("user_id", "=", user.id)
      .execute();
    const byId = new Map(relations.map((r) => [r.id, r]));
    expect(byId.get(acmeRelation)?.accepted_at).not.toBeNull();
    expect(byId.get(globexRelation)?.accepted_at).not.toBeNull();
    expect(byId.get(removed)).toMatchObject({ status: "removed", accepted_at: null });

    const me = await client.get("/api/me");
    expect(me.json.contractorOf).toEqual([
      { companyId: acme.id, companyName: "Acme", status: "invited" },
      { companyId: globex.id, companyName: "Globex", status: "invited" },
    ]);
    expect(me.json.pendingInvitations).toEqual([]);

    await expect.poll(() => events.filter((e) => e.name === "contractor.updated").length).toBe(2);
    unsubscribe();
  });

  it("answers 410 for the invitation of a relation the company removed", async () => {
    const db = t.context.database.db;
    const company = await buildCompany(db, { name: "Gone Co" });
    const user = await buildUser(db, { email: "dropped@example.com", passwordHash: null, verified: false });
    const relation = await buildRelation(t, { companyId: company.id, userId: user.id, status: "removed" });
    const token = await db
      .transaction()
      .execute((trx) =>
        issueToken(trx, { purpose: "invitation", userId: user.id, contractorId: relation }, new Date()),
      );
    expect((await t.client().post("/api/auth/tokens/inspect", { token })).status).toBe(410);
    expect((await t.client().post("/api/auth/set-password", { token, password: NEW_PASSWORD })).status).toBe(
      410,
    );
  });
});

describe("an invitation link is not a password", () => {
  /** A company (its owner confirmed) that invited `email`; the link's token from the mail received. */
  async function invitedBy(email: string, path: "/invitation" | "/set-password") {
    const db = t.context.database.db;
    const company = await buildCompany(db, { name: `Link Co ${email}` });
    const owners = await signedInClient(t, company.owner);
    const res = await invite(owners, company.id, email);
    expect(res.results[0]?.outcome).toBe("invited");
    return {
      company,
      contractorId: res.results[0]?.contractorId ?? "",
      token: await tokenFromLastMail(t, email, path),
    };
  }

  it("an invitation token cannot set a password: set-password answers 410, the password, the sessions and the invitation stay as they were", async () => {
    const db = t.context.database.db;
    const user = await buildUser(db, { email: "has.password@example.com", passwordHash });
    const laptop = t.client();
    expect(
      (await laptop.post("/api/auth/sign-in", { email: user.email, password: GOOD_PASSWORD })).status,
    ).toBe(200);
    const { contractorId, token } = await invitedBy(user.email, "/invitation");
    expect((await t.client().post("/api/auth/tokens/inspect", { token })).json.purpose).toBe("join");

    const stranger = t.client();
    const res = await stranger.post("/api/auth/set-password", { token, password: NEW_PASSWORD });
    expect(res.status).toBe(410);
    expect(res.headers["content-type"]).toContain("application/problem+json");
    expect(stranger.cookies.size).toBe(0);

    // The password is the old one, the open session still works, the invitation is still pending.
    expect((await laptop.get("/api/me")).status).toBe(200);
    const signIn = (password: string) =>
      t.client().post("/api/auth/sign-in", { email: user.email, password });
    expect((await signIn(NEW_PASSWORD)).status).toBe(401);
    expect((await signIn(GOOD_PASSWORD)).status).toBe(200);
    const relation = await db
      .selectFrom("contractors")
      .select(["accepted_at", "status"])
      .where("id", "=", contractorId)
      .executeTakeFirstOrThrow();
    expect(relation).toEqual({ accepted_at: null, status: "invited" });
    // The link is untouched: its own route, signed in as the address, still accepts it.
    const accepted = await laptop.post("/api/invitations/accept", { token });
    expect(accepted.status).toBe(200);
  });

  it("each link purpose is accepted by its own route alone", async () => {
    const db = t.context.database.db;
    // An account without a password: its invitation link chooses a password, and nothing else takes it.
    const fresh = "fresh.invitee@example.com";
    const { token: choose } = await invitedBy(fresh, "/set-password");
    expect((await t.client().post("/api/auth/tokens/inspect", { token: choose })).json.purpose).toBe(
      "invitation",
    );
    // An account with a password: its invitation link only accepts, signed in.
    const user = await buildUser(db, { email: "purpose.owner@example.com", passwordHash });
    const { token: join } = await invitedBy(user.email, "/invitation");
    const signedIn = await signedInClient(t, user);
    const recovery = await recoveryToken(user.email);

    // Signed in as the invited account, so that only the purpose can be the reason for a refusal.
    const freshUser = await db
      .selectFrom("users")
      .selectAll()
      .where("email", "=", fresh)
      .executeTakeFirstOrThrow();
    const freshClient = await signedInClient(t, freshUser);
    expect((await freshClient.post("/api/invitations/accept", { token: choose })).status).toBe(410);
    expect((await freshClient.post("/api/auth/verify-email", { token: choose })).status).toBe(400);
    expect((await signedIn.post("/api/invitations/accept", { token: recovery })).status).toBe(410);
    expect(
      (await signedIn.post("/api/auth/set-password", { token: join, password: NEW_PASSWORD })).status,
    ).toBe(410);
    expect((await signedIn.post("/api/auth/verify-email", { token: join })).status).toBe(400);

    // Each still works on its own route.
    expect((await signedIn.post("/api/invitations/accept", { token: join })).status).toBe(200);
    expect(
      (await t.client().post("/api/auth/set-password", { token: choose, password: NEW_PASSWORD })).status,
    ).toBe(200);
    expect(
      (await t.client().post("/api/auth/set-password", { token: recovery, password: NEW_PASSWORD })).status,
    ).toBe(200);
  });
});

describe("recovery is not consent", () => {
  async function pendingOf(userId: string) {
    return t.context.database.db
      .selectFrom("contractors")
      .select(["id", "accepted_at"])
      .where("user_id", "=", userId)
      .execute();
  }

  it("recovery of an account that had a password keeps its invitations pending until it accepts them", async () => {
    const db = t.context.database.db;
    const user = await buildUser(db, { email: "keeps.pending@example.com", passwordHash });
    const company = await buildCompany(db, { name: "Pending Co" });
    const owners = await signedInClient(t, company.owner);
    const contractorId = (await invite(owners, company.id, user.email)).results[0]?.contractorId;

    const token = await recoveryToken(user.email);
    const client = t.client();
    const res = await client.post("/api/auth/set-password", { token, password: NEW_PASSWORD });
    expect(res.status).toBe(200);
    expect(res.json.joined).toEqual([]);
    expect(await pendingOf(user.id)).toEqual([{ id: contractorId, accepted_at: null }]);
    const me = (await client.get("/api/me")).json;
    expect(me.pendingInvitations).toEqual([{ contractorId, companyName: "Pending Co" }]);
    // The company still sees an invitation nobody accepted.
    const seen = await owners.get(`/api/companies/${company.id}/contractors/${contractorId}`);
    expect(seen.json.status).toBe("invited");

    // Accepting is the person's own step.
    const accepted = await client.post(`/api/me/invitations/${contractorId}/accept`);
    expect(accepted.status).toBe(200);
    expect((await pendingOf(user.id))[0]?.accepted_at).not.toBeNull();
  });

  it("recovery of an account that never had a password accepts its invitations (a lost invitation) and names the companies joined", async () => {
    const db = t.context.database.db;
    const email = "lost.invitation@example.com";
    const joined = [];
    for (const name of ["Beta Lost Co", "Alpha Lost Co"]) {
      const company = await buildCompany(db, { name });
      const owners = await signedInClient(t, company.owner);
      expect((await invite(owners, company.id, email)).results[0]?.outcome).toBe("invited");
      joined.push({ companyId: company.id, companyName: name });
    }
    // The invitation emails are lost: Forgot password? sends a link to the account they made.
    const token = await recoveryToken(email);
    const res = await t.client().post("/api/auth/set-password", { token, password: NEW_PASSWORD });
    expect(res.status).toBe(200);
    expect(res.json.joined).toEqual(joined.reverse());
    const user = await db
      .selectFrom("users")
      .select("id")
      .where("email", "=", email)
      .executeTakeFirstOrThrow();
    const relations = await pendingOf(user.id);
    expect(relations).toHaveLength(2);
    for (const r of relations) expect(r.accepted_at).not.toBeNull();
  });
});
