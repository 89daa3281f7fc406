import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCompany, buildUser, signedInClient } from "../../../test/support/factories.ts";
import { contractorOf, invite, recordEvents, tokenIn } from "../../../test/support/invitations.ts";
import { startTestApp, TEST_APP_URL, type TestApp } from "../../../test/support/test-app.ts";
import { consumeToken } from "../auth/auth-tokens.ts";
import { acceptPendingInvitations } from "../contractors/acceptance.ts";
import { transact } from "../kernel/transaction.ts";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const unique = (local: string) =>
  `${local}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@mail.test`;

const complete = {
  firstName: "Anna-Maria",
  lastName: "O'Connor",
  country: "ie",
  city: "Dublin",
  address: "1 Main Street",
  postalCode: "D02 X285",
  taxId: "IE1234567T",
  phone: "+353 1 234 5678",
  agreementAccepted: true,
};

describe("the required information", () => {
  it("names each missing or invalid field with 400", async () => {
    const user = await buildUser(t.context.database.db, { email: unique("p") });
    const client = await signedInClient(t, user);
    const empty = await client.put("/api/me/profile", {});
    expect(empty.status).toBe(400);
    expect(empty.json.errors.map((e: { field: string }) => e.field)).toEqual([
      "firstName",
      "lastName",
      "country",
      "city",
      "address",
      "postalCode",
      "taxId",
      "phone",
      "agreementAccepted",
    ]);
    const invalid = await client.put("/api/me/profile", {
      ...complete,
      firstName: "Анна",
      lastName: "Smith2",
      country: "XX",
      phone: "call me",
      agreementAccepted: false,
    });
    expect(invalid.status).toBe(400);
    expect(invalid.json.errors).toEqual([
      { field: "firstName", message: "First name: use Latin letters, spaces, hyphens and apostrophes." },
      { field: "lastName", message: "Last name: use Latin letters, spaces, hyphens and apostrophes." },
      { field: "country", message: "Country: choose a country (a two-letter ISO 3166 code)." },
      {
        field: "phone",
        message: "Phone: digits, with an optional leading + and spaces, dashes or brackets.",
      },
      { field: "agreementAccepted", message: "Accept the agreement to continue." },
    ]);
    for (const country of ["EU", "ZZ", "USA", "1A"]) {
      const res = await client.put("/api/me/profile", { ...complete, country });
      expect(res.status, country).toBe(400);
    }
    expect((await client.get("/api/me/profile")).json.complete).toBe(false);
    expect((await t.client().put("/api/me/profile", complete)).status).toBe(401);
  });

  it("saves it, and reads it back", async () => {
    const user = await buildUser(t.context.database.db, { email: unique("q") });
    const client = await signedInClient(t, user);
    const res = await client.put("/api/me/profile", { ...complete, city: "  Dublin  " });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ ...complete, country: "IE", complete: true });
    expect((await client.get("/api/me/profile")).json).toEqual(res.json);
  });

  it("completing it makes the contractor Active in every company whose invitation they accepted, live, and tells each inviter", async () => {
    const { db } = t.context.database;
    const contractor = await buildUser(db, { email: unique("multi"), name: "Temp Name" });
    const companies = [];
    for (const name of ["First Co", "Second Co", "Third Co"]) {
      const owner = await buildUser(db, { email: unique("owner"), name: `${name} Owner` });
      const company = await buildCompany(db, { owner, name });
      const owners = await signedInClient(t, owner);
      const res = await invite(owners, company.id, contractor.email);
      companies.push({ company, owner, owners, contractorId: res.results[0]?.contractorId ?? "" });
    }
    await t.deliverMail();
    const mails = t.smtp.mailsTo(contractor.email);
    const client = await signedInClient(t, contractor);
    // Accept the first two (by link); the third stays pending: no consent, no activation there.
    for (const { company } of companies.slice(0, 2)) {
      const mail = mails.find((m) => m.subject.startsWith(company.name));
      expect(mail).toBeDefined();
      if (mail)
        expect(
          (await client.post("/api/invitations/accept", { token: tokenIn(mail, "/invitation") })).status,
        ).toBe(200);
    }

    const events = recordEvents(t);
    const res = await client.put("/api/me/profile", complete);
    expect(res.status).toBe(200);
    const [first, second, third] = companies;
    for (const c of [first, second]) {
      const event = await events.waitFor(
        (e) => contractorOf(e)?.id === c?.contractorId && contractorOf(e)?.status === "active",
      );
      expect(event.audience).toEqual({ companyId: c?.company.id });
      const listed = await c?.owners.get(`/api/companies/${c.company.id}/contractors?q=connor`);
      expect(listed?.json.items).toMatchObject([
        { id: c?.contractorId, status: "active", name: "Anna-Maria O'Connor" },
      ]);
    }
    events.stop();
    const pending = await third?.owners.get(
      `/api/companies/${third.company.id}/contractors/${third.contractorId}`,
    );
    expect(pending?.json.status).toBe("invited");

    await t.deliverMail();
    for (const c of [first, second]) {
      const mail = await t.smtp.waitFor(
        (m) => m.to.includes(c?.owner.email ?? "") && m.subject.includes("is now Active"),
      );
      expect(mail.subject).toBe("Anna-Maria O'Connor is now Active");
      expect(mail.text).toContain(c?.company.name);
      expect(mail.links).toContain(`${TEST_APP_URL}/companies/${c?.company.id}/contractors`);
    }
    expect(t.smtp.mailsTo(third?.owner.email ?? "")).toHaveLength(0);
  });

  it("a new account that chose its password (as set-password does) becomes Active once the information is complete", async () => {
    const { db } = t.context.database;
    const owner = await buildUser(db, { email: unique("owner") });
    const company = await buildCompany(db, { owner });
    const owners = await signedInClient(t, owner);
    const email = unique("newbie");
    const contractorId = (await invite(owners, company.id, email)).results[0]?.contractorId ?? "";
    await t.deliverMail();
    const token = tokenIn(await t.smtp.waitFor((m) => m.to.includes(email)), "/set-password");
    const user = await db
      .selectFrom("users")
      .selectAll()
      .where("email", "=", email)
      .executeTakeFirstOrThrow();
    // What POST /api/auth/set-password (branch accounts) does with the link: use it, then accept.
    await transact(t.context, async (tx) => {
      await consumeToken(tx.db, token, tx.now);
      await tx.db
        .updateTable("users")
        .set({ password_hash: "argon-hash" })
        .where("id", "=", user.id)
        .execute();
      await acceptPendingInvitations(tx, user.id);
    });
    const client = await signedInClient(t, user);
    expect((await owners.get(`/api/companies/${company.id}/contractors/${contractorId}`)).json.status).toBe(
      "invited",
    );
    expect((await client.put("/api/me/profile", complete)).status).toBe(200);
    expect((await owners.get(`/api/companies/${company.id}/contractors/${contractorId}`)).json).toMatchObject(
      {
        status: "active",
        activatedAt: expect.any(String),
      },
    );
  });
});
