import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  buildCompany,
  COMPLETE_PROFILE,
  GOOD_PASSWORD,
  signedInClient,
} from "../../../test/support/factories.ts";
import { invite } from "../../../test/support/invitations.ts";
import { tokenFromLastMail } from "../../../test/support/mail.ts";
import { listenLocally, openEventStream, type SseStream } from "../../../test/support/sse.ts";
import { startTestApp, type TestApp, type TestClient } from "../../../test/support/test-app.ts";
import { uniqueEmail } from "../../../test/support/unique.ts";

/** Streams end within this long (point 5's promise). */
const WITHIN_MS = 5000;
const VICTIMS_PASSWORD = "the mailbox owner's own passphrase";

let t: TestApp;
let base: string;
const open: SseStream[] = [];
beforeAll(async () => {
  t = await startTestApp();
  base = await listenLocally(t.app);
});
afterAll(async () => {
  for (const stream of open) stream.close();
  await t.close();
});

async function streamOf(client: TestClient): Promise<SseStream> {
  const stream = await openEventStream(base, client.cookies);
  open.push(stream);
  return stream;
}

/**
 * Someone who does not own `email` signs up with it, names themselves, fills in the required information
 * with their own details and keeps a page open on the live updates.
 */
async function plantIdentity(email: string) {
  const attacker = t.client();
  const signUp = await attacker.post("/api/auth/sign-up", {
    accountType: "contractor",
    email,
    password: GOOD_PASSWORD,
    name: "Mallory Planted",
  });
  expect(signUp.status).toBe(201);
  const profile = await attacker.put("/api/me/profile", {
    ...COMPLETE_PROFILE,
    firstName: "Mallory",
    lastName: "Planted",
    taxId: "MALLORY-TAX-1",
  });
  expect(profile.json.complete).toBe(true);
  return { attacker, stream: await streamOf(attacker), userId: signUp.json.id as string };
}

/** A company (its owner confirmed) that invites `email`; its owner's client and the relation. */
async function companyInviting(email: string, name: string) {
  const company = await buildCompany(t.context.database.db, { name });
  const owners = await signedInClient(t, company.owner);
  const res = await invite(owners, company.id, email);
  expect(res.results[0]?.outcome).toBe("invited");
  return { company, owners, contractorId: res.results[0]?.contractorId ?? "" };
}

/** What the company's list and one contractor read show of the relation. */
async function companyView(c: Awaited<ReturnType<typeof companyInviting>>) {
  const one = await c.owners.get(`/api/companies/${c.company.id}/contractors/${c.contractorId}`);
  const searched = await c.owners.get(`/api/companies/${c.company.id}/contractors?q=mallory`);
  return { contractor: one.json, foundByPlantedName: searched.json.items.length };
}

/** Everything the attacker had entered is gone, and so are their session and their event stream. */
async function expectPlantedIdentityGone(
  planted: Awaited<ReturnType<typeof plantIdentity>>,
  email: string,
  started: number,
) {
  expect(await planted.stream.waitForEnd(WITHIN_MS, started)).toBeLessThan(WITHIN_MS);
  expect((await planted.attacker.get("/api/me")).status).toBe(401);
  const signIn = await t.client().post("/api/auth/sign-in", { email, password: GOOD_PASSWORD });
  expect(signIn.status).toBe(401);
  const user = await t.context.database.db
    .selectFrom("users")
    .select(["name", "email_verified_at"])
    .where("id", "=", planted.userId)
    .executeTakeFirstOrThrow();
  expect(user.name).toBe(email.slice(0, email.indexOf("@")));
  expect(user.email_verified_at).not.toBeNull();
  const profile = await t.context.database.db
    .selectFrom("contractor_profiles")
    .select("user_id")
    .where("user_id", "=", planted.userId)
    .execute();
  expect(profile).toEqual([]);
}

describe("no planted identity", () => {
  it("a recovery link proven on an account that never proved its address forgets what was entered before: the name, the required information, every session and event stream", async () => {
    const email = uniqueEmail("victim");
    const planted = await plantIdentity(email);
    const acme = await companyInviting(email, "Acme Planted");
    // Before the owner proves anything, the company sees only the address.
    expect((await companyView(acme)).contractor.name).toBe(email.slice(0, email.indexOf("@")));
    expect((await companyView(acme)).foundByPlantedName).toBe(0);

    // The owner of the mailbox gets in through Forgot password?.
    expect((await t.client().post("/api/auth/password-recovery", { email })).status).toBe(202);
    const token = await tokenFromLastMail(t, email, "/set-password");
    const owner = t.client();
    const started = performance.now();
    const res = await owner.post("/api/auth/set-password", { token, password: VICTIMS_PASSWORD });
    expect(res.status).toBe(200);
    expect(res.json.name).toBe(email.slice(0, email.indexOf("@")));
    await expectPlantedIdentityGone(planted, email, started);

    // The owner starts from the address: no information, nothing accepted on their behalf.
    const profile = (await owner.get("/api/me/profile")).json;
    expect(profile).toMatchObject({ complete: false, firstName: "", taxId: "" });
    const me = (await owner.get("/api/me")).json;
    expect(me.profileComplete).toBe(false);
    expect(me.pendingInvitations).toEqual([{ contractorId: acme.contractorId, companyName: "Acme Planted" }]);

    // The company sees neither the planted name nor an Active contractor, before or after acceptance.
    const before = await companyView(acme);
    expect(before.contractor).toMatchObject({ status: "invited", activatedAt: null });
    expect(before.contractor.name).not.toContain("Mallory");
    expect(before.foundByPlantedName).toBe(0);
    expect((await owner.post(`/api/me/invitations/${acme.contractorId}/accept`)).json.status).toBe("invited");
    expect((await companyView(acme)).contractor.status).toBe("invited");

    // Active once the owner completes their own information.
    expect((await owner.put("/api/me/profile", COMPLETE_PROFILE)).status).toBe(200);
    expect((await companyView(acme)).contractor).toMatchObject({
      status: "active",
      name: "Anna-Maria O'Connor",
    });
  });

  it("an invitation link proven on an account that never proved its address forgets what it held, and the contractor is Active nowhere until the owner completes their own information", async () => {
    const { db } = t.context.database;
    const email = uniqueEmail("invitee");
    const acme = await companyInviting(email, "Acme Invitation");
    // Whatever the account held before its mailbox was proven (here written straight into it).
    const account = await db
      .selectFrom("users")
      .select("id")
      .where("email", "=", email)
      .executeTakeFirstOrThrow();
    const iso = new Date().toISOString();
    await db.updateTable("users").set({ name: "Mallory Planted" }).where("id", "=", account.id).execute();
    await db
      .insertInto("contractor_profiles")
      .values({
        user_id: account.id,
        first_name: "Mallory",
        last_name: "Planted",
        country: "DE",
        city: "Berlin",
        address: "1 Fake Street",
        postal_code: "10115",
        tax_id: "MALLORY-TAX-2",
        phone: "+49 30 0000000",
        agreement_accepted_at: iso,
        completed_at: iso,
        updated_at: iso,
      })
      .execute();

    const token = await tokenFromLastMail(t, email, "/set-password");
    const owner = t.client();
    const res = await owner.post("/api/auth/set-password", { token, password: VICTIMS_PASSWORD });
    expect(res.status).toBe(200);
    expect(res.json.joined).toEqual([{ companyId: acme.company.id, companyName: "Acme Invitation" }]);
    expect(res.json.name).toBe(email.slice(0, email.indexOf("@")));
    expect((await owner.get("/api/me/profile")).json.complete).toBe(false);
    // Accepted by the link, but not Active: the information it held was not the owner's.
    expect((await companyView(acme)).contractor).toMatchObject({ status: "invited", activatedAt: null });
    expect((await owner.put("/api/me/profile", COMPLETE_PROFILE)).status).toBe(200);
    expect((await companyView(acme)).contractor.status).toBe("active");
  });

  it("an email confirmation link opened outside the account's sessions resets it: the planted name, password, information, sessions and streams are gone", async () => {
    const email = uniqueEmail("confirmer");
    const planted = await plantIdentity(email);
    const token = await tokenFromLastMail(t, email, "/verify-email");

    const started = performance.now();
    const res = await t.client().post("/api/auth/verify-email", { token });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ emailVerified: true, accountReset: true });
    await expectPlantedIdentityGone(planted, email, started);

    // The owner chooses their own password with Forgot password?, and nothing of the attacker's is back.
    expect((await t.client().post("/api/auth/password-recovery", { email })).status).toBe(202);
    const recovery = await tokenFromLastMail(t, email, "/set-password");
    const owner = t.client();
    expect(
      (await owner.post("/api/auth/set-password", { token: recovery, password: VICTIMS_PASSWORD })).status,
    ).toBe(200);
    expect((await owner.get("/api/me/profile")).json.complete).toBe(false);
  });

  it("an email confirmation link opened signed in to the account keeps what the account holds", async () => {
    const email = uniqueEmail("genuine");
    const client = t.client();
    await client.post("/api/auth/sign-up", {
      accountType: "contractor",
      email,
      password: GOOD_PASSWORD,
      name: "Gina Genuine",
    });
    expect((await client.put("/api/me/profile", COMPLETE_PROFILE)).status).toBe(200);
    const token = await tokenFromLastMail(t, email, "/verify-email");
    const res = await client.post("/api/auth/verify-email", { token });
    expect(res.json).toMatchObject({ emailVerified: true, accountReset: false });
    const me = (await client.get("/api/me")).json;
    expect(me.user).toMatchObject({ name: "Anna-Maria O'Connor", emailVerified: true });
    expect(me.profileComplete).toBe(true);
    expect((await t.client().post("/api/auth/sign-in", { email, password: GOOD_PASSWORD })).status).toBe(200);
  });
});
