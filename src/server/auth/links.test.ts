import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp } from "../../../test/support/accounts.ts";
import { recordEvents } from "../../../test/support/events.ts";
import {
  type BuiltCompany,
  buildCompany,
  buildContractor,
  buildInvitationToken,
  buildUser,
  GOOD_PASSWORD,
} from "../../../test/support/factories.ts";
import { tokenFromLastMail } from "../../../test/support/mail.ts";
import {
  setUpTestApp,
  TEST_APP_URL,
  type TestClient,
  type TestResponse,
} from "../../../test/support/test-app.ts";
import type { UsersTable } from "../db/types.ts";
import { RECOVERY_ACCEPTED } from "./password-recovery.ts";
import { hashPassword } from "./passwords.ts";

const t = setUpTestApp();
let passwordHash: string;
beforeAll(async () => {
  passwordHash = await hashPassword(GOOD_PASSWORD);
});

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

    await signUp(t.client(), { email: "ttl.verify@example.com", name: "T" });
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
    await signUp(client, { email: "changer@example.com", name: "Changer" });
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
    await signUp(t.client(), { email: "kinds@example.com", name: "Kinds" });
    const verification = await tokenFromLastMail(t, "kinds@example.com", "/verify-email");
    const recovery = await recoveryToken("kinds@example.com");
    expect(
      (await t.client().post("/api/auth/set-password", { token: verification, password: NEW_PASSWORD }))
        .status,
    ).toBe(400);
    expect((await t.client().post("/api/auth/verify-email", { token: recovery })).status).toBe(400);
    // Both stay usable for their own page.
    expect((await t.client().post("/api/auth/verify-email", { token: verification })).status).toBe(200);
    expect(
      (await t.client().post("/api/auth/set-password", { token: recovery, password: NEW_PASSWORD })).status,
    ).toBe(200);
  });

  it("answers 410 for a token that never existed", async () => {
    const res = await t.client().post("/api/auth/tokens/inspect", { token: "x".repeat(43) });
    expect(res.status).toBe(410);
  });
});

describe("an invitation accepted by choosing a password", () => {
  let acme: BuiltCompany;
  let globex: BuiltCompany;
  let user: UsersTable;
  let relations: { acme: string; globex: string; removed: string };
  let info: TestResponse;
  let res: TestResponse;
  let client: TestClient;
  let events: ReturnType<typeof recordEvents>;

  beforeAll(async () => {
    const db = t.context.database.db;
    acme = await buildCompany(db, { name: "Acme" });
    globex = await buildCompany(db, { name: "Globex" });
    const initech = await buildCompany(db, { name: "Initech" });
    user = await buildUser(db, { email: "invitee@example.com", passwordHash: null, verified: false });
    const inAcme = await buildContractor(db, { companyId: acme.id, user });
    relations = {
      acme: inAcme.id,
      globex: (await buildContractor(db, { companyId: globex.id, user })).id,
      removed: (await buildContractor(db, { companyId: initech.id, user, status: "removed" })).id,
    };
    const token = await buildInvitationToken(db, inAcme);
    info = await t.client().post("/api/auth/tokens/inspect", { token });
    events = recordEvents(t);
    client = t.client();
    res = await client.post("/api/auth/set-password", { token, password: NEW_PASSWORD });
  });
  afterAll(() => events.stop());

  it("names the inviting company when the link is read", () => {
    expect(info.json).toEqual({
      purpose: "invitation",
      email: "invitee@example.com",
      companyName: "Acme",
      accountExists: false,
    });
  });

  it("sets the password and proves the address", () => {
    expect(res.status).toBe(200);
    expect(res.json.emailVerified).toBe(true);
  });

  it("accepts every pending invitation of the account, but not a removed one", async () => {
    const rows = await t.context.database.db
      .selectFrom("contractors")
      .select(["id", "status", "accepted_at"])
      .where("user_id", "=", user.id)
      .execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(relations.acme)?.accepted_at).not.toBeNull();
    expect(byId.get(relations.globex)?.accepted_at).not.toBeNull();
    expect(byId.get(relations.removed)).toMatchObject({ status: "removed", accepted_at: null });
  });

  it("shows both companies in /api/me, with nothing left to accept", async () => {
    const me = await client.get("/api/me");
    expect(me.json.contractorOf).toEqual([
      { companyId: acme.id, companyName: "Acme", status: "invited" },
      { companyId: globex.id, companyName: "Globex", status: "invited" },
    ]);
    expect(me.json.pendingInvitations).toEqual([]);
  });

  it("tells both companies' open lists", async () => {
    await expect.poll(() => events.events.filter((e) => e.name === "contractor.updated").length).toBe(2);
  });
});

describe("an invitation the company removed", () => {
  it("answers 410 for the invitation of a relation the company removed", async () => {
    const db = t.context.database.db;
    const company = await buildCompany(db, { name: "Gone Co" });
    const user = await buildUser(db, { email: "dropped@example.com", passwordHash: null, verified: false });
    const removed = await buildContractor(db, { companyId: company.id, user, status: "removed" });
    const token = await buildInvitationToken(db, removed);
    expect((await t.client().post("/api/auth/tokens/inspect", { token })).status).toBe(410);
    expect((await t.client().post("/api/auth/set-password", { token, password: NEW_PASSWORD })).status).toBe(
      410,
    );
  });
});
