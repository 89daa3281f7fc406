import { beforeAll, describe, expect, it } from "vitest";
import { contractorOf, recordEvents } from "../../../test/support/events.ts";
import {
  buildProfile,
  buildUser,
  COMPLETE_PROFILE,
  signedInClient,
  signedInCompany,
} from "../../../test/support/factories.ts";
import { invite } from "../../../test/support/invitations.ts";
import { tokenIn } from "../../../test/support/mail.ts";
import { rowOf } from "../../../test/support/rows.ts";
import { setUpTestApp, type TestClient } from "../../../test/support/test-app.ts";
import { uniqueEmail } from "../../../test/support/unique.ts";
import { findLiveToken } from "../auth/auth-tokens.ts";

const t = setUpTestApp();

/** A company that invited an existing account; returns the link's token from the mail actually received. */
async function invitedExistingAccount(options: { verified?: boolean } = {}) {
  const { db } = t.context.database;
  const { company, client: owners } = await signedInCompany(t, "Initech");
  const account = await buildUser(db, {
    email: uniqueEmail("pat"),
    name: "Pat Contractor",
    verified: options.verified ?? true,
  });
  const res = await invite(owners, company.id, account.email);
  const contractorId = res.results[0]?.contractorId ?? "";
  await t.deliverMail();
  const mail = await t.smtp.waitFor((m) => m.to.includes(account.email));
  return { company, owners, account, contractorId, token: tokenIn(mail, "/invitation") };
}

const relation = (contractorId: string) => rowOf(t, "contractors", contractorId);

describe("accepting an invitation through its link", () => {
  it("links the invited account once, signed in as the invited address; the link then answers 410", async () => {
    const { account, company, contractorId, token } = await invitedExistingAccount();
    const client = await signedInClient(t, account);
    const events = recordEvents(t);
    const res = await client.post("/api/invitations/accept", { token });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      contractorId,
      companyId: company.id,
      companyName: "Initech",
      status: "invited",
    });
    expect((await relation(contractorId)).accepted_at).not.toBeNull();
    await events.waitFor((e) => contractorOf(e)?.id === contractorId);
    events.stop();

    const again = await client.post("/api/invitations/accept", { token });
    expect(again.status).toBe(410);
    expect(again.headers["content-type"]).toMatch(/application\/problem\+json/);
  });

  it("is Active at once when the account's required information is already complete", async () => {
    const { account, contractorId, token } = await invitedExistingAccount();
    await buildProfile(t.context.database.db, account);
    const res = await (await signedInClient(t, account)).post("/api/invitations/accept", { token });
    expect(res.json.status).toBe("active");
    expect((await relation(contractorId)).activated_at).not.toBeNull();
  });

  it("refuses someone signed in as another address with a clear 403, and the link stays usable", async () => {
    const { account, contractorId, token } = await invitedExistingAccount();
    const someoneElse = await buildUser(t.context.database.db, { email: uniqueEmail("mallory") });
    const res = await (await signedInClient(t, someoneElse)).post("/api/invitations/accept", { token });
    expect(res.status).toBe(403);
    expect(res.json.detail).toMatch(/sent to another email address/);
    expect((await relation(contractorId)).accepted_at).toBeNull();
    expect((await (await signedInClient(t, account)).post("/api/invitations/accept", { token })).status).toBe(
      200,
    );
  });

  it("asks to sign in first (401) and leaves the link usable", async () => {
    const { account, token } = await invitedExistingAccount();
    expect((await t.client().post("/api/invitations/accept", { token })).status).toBe(401);
    expect((await (await signedInClient(t, account)).post("/api/invitations/accept", { token })).status).toBe(
      200,
    );
  });

  it("reading a link does not use it; an expired or unknown link answers 410", async () => {
    const { account, contractorId, token } = await invitedExistingAccount();
    const { db } = t.context.database;
    await findLiveToken(db, token);
    await findLiveToken(db, token);
    expect((await findLiveToken(db, token)).contractor_id).toBe(contractorId);

    await db
      .updateTable("auth_tokens")
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where("contractor_id", "=", contractorId)
      .execute();
    const client = await signedInClient(t, account);
    expect((await client.post("/api/invitations/accept", { token })).status).toBe(410);
    expect((await client.post("/api/invitations/accept", { token: "made-up" })).status).toBe(410);
    expect((await relation(contractorId)).accepted_at).toBeNull();
  });
});

describe("accepting inside the app", () => {
  it("accepts a pending invitation of a verified account", async () => {
    const { account, contractorId, token } = await invitedExistingAccount({ verified: true });
    const client = await signedInClient(t, account);
    const res = await client.post(`/api/me/invitations/${contractorId}/accept`);
    expect(res.status).toBe(200);
    expect(res.json.contractorId).toBe(contractorId);
    // Answered: the emailed link of the same invitation is dead, and accepting twice finds nothing.
    expect((await client.post("/api/invitations/accept", { token })).status).toBe(410);
    expect((await client.post(`/api/me/invitations/${contractorId}/accept`)).status).toBe(404);
  });

  it("answers 404 for someone else's invitation and 403 for an unverified account", async () => {
    const { contractorId } = await invitedExistingAccount();
    const other = await buildUser(t.context.database.db, { email: uniqueEmail("other") });
    expect(
      (await (await signedInClient(t, other)).post(`/api/me/invitations/${contractorId}/accept`)).status,
    ).toBe(404);
    const unverified = await invitedExistingAccount({ verified: false });
    const res = await (await signedInClient(t, unverified.account)).post(
      `/api/me/invitations/${unverified.contractorId}/accept`,
    );
    expect(res.status).toBe(403);
    expect((await relation(unverified.contractorId)).accepted_at).toBeNull();
  });
});

describe("the takeover attempt: an account self-registered on the victim's address before the invitation", () => {
  let victim: string;
  let company: { id: string };
  let contractorId: string;
  let attacker: TestClient;

  beforeAll(async () => {
    victim = uniqueEmail("victim");
    // The attacker signs up with the victim's address and never verifies it (they cannot).
    const account = await buildUser(t.context.database.db, {
      email: victim,
      name: "Attacker",
      passwordHash: "attacker-hash",
      verified: false,
    });
    const owners = await signedInCompany(t);
    company = owners.company;
    const res = await invite(owners.client, company.id, victim, "Welcome to the team");
    expect(res.results[0]?.outcome).toBe("invited");
    contractorId = res.results[0]?.contractorId ?? "";
    attacker = await signedInClient(t, account);
  });

  it("sends the link to the mailbox, which the attacker does not read, and no credentials", async () => {
    await t.deliverMail();
    const mail = await t.smtp.waitFor((m) => m.to.includes(victim));
    expect(mail.text).not.toMatch(/login:/i);
  });

  it("does not let the unverified account accept inside the app (403)", async () => {
    expect((await attacker.post(`/api/me/invitations/${contractorId}/accept`)).status).toBe(403);
    expect(await relation(contractorId)).toMatchObject({
      status: "invited",
      accepted_at: null,
      activated_at: null,
    });
  });

  it("shows the account nothing of the company", async () => {
    expect((await attacker.get(`/api/companies/${company.id}/contractors`)).status).toBe(404);
    expect((await attacker.get(`/api/companies/${company.id}/contractors/${contractorId}`)).status).toBe(404);
  });

  it("does not make them Active when they complete the required information: they never accepted", async () => {
    const profile = await attacker.put("/api/me/profile", {
      ...COMPLETE_PROFILE,
      firstName: "Eve",
      lastName: "Attacker",
    });
    expect(profile.status).toBe(200);
    expect((await relation(contractorId)).status).toBe("invited");
  });
});
