import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contractorOf, recordEvents } from "../../../test/support/events.ts";
import {
  buildUser,
  COMPLETE_PROFILE,
  type SignedInCompany,
  signedInClient,
  signedInCompany,
} from "../../../test/support/factories.ts";
import { invite } from "../../../test/support/invitations.ts";
import { tokenIn } from "../../../test/support/mail.ts";
import { setUpTestApp, TEST_APP_URL, type TestClient } from "../../../test/support/test-app.ts";
import { uniqueEmail } from "../../../test/support/unique.ts";
import { consumeToken } from "../auth/auth-tokens.ts";
import { acceptPendingInvitations } from "../contractors/acceptance.ts";
import { transact } from "../kernel/transaction.ts";

const t = setUpTestApp();

/** Complete, with a country typed in lower case (saved upper case). */
const complete = { ...COMPLETE_PROFILE, country: "ie" };

describe("refusing the required information", () => {
  let client: TestClient;
  beforeAll(async () => {
    client = await signedInClient(t, await buildUser(t.context.database.db));
  });

  it("names every missing field with 400, in the form's order", async () => {
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
  });

  it("names every invalid field with what to do about it", async () => {
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
  });

  it("takes only two-letter ISO 3166 country codes", async () => {
    for (const country of ["EU", "ZZ", "USA", "1A"]) {
      const res = await client.put("/api/me/profile", { ...complete, country });
      expect(res.status, country).toBe(400);
    }
  });

  it("saves nothing that was refused", async () => {
    expect((await client.get("/api/me/profile")).json.complete).toBe(false);
  });

  it("asks to sign in first (401)", async () => {
    expect((await t.client().put("/api/me/profile", complete)).status).toBe(401);
  });
});

describe("the required information", () => {
  it("saves it, and reads it back", async () => {
    const client = await signedInClient(t, await buildUser(t.context.database.db));
    const res = await client.put("/api/me/profile", { ...complete, city: "  Dublin  " });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ ...complete, city: "Dublin", country: "IE", complete: true });
    expect((await client.get("/api/me/profile")).json).toEqual(res.json);
  });
});

describe("completing it with invitations accepted in two companies of three", () => {
  let first: SignedInCompany & { contractorId: string };
  let second: SignedInCompany & { contractorId: string };
  let third: SignedInCompany & { contractorId: string };
  let events: ReturnType<typeof recordEvents>;

  beforeAll(async () => {
    const contractor = await buildUser(t.context.database.db, {
      email: uniqueEmail("multi"),
      name: "Temp Name",
    });
    const companies = [];
    for (const name of ["First Co", "Second Co", "Third Co"]) {
      const owners = await signedInCompany(t, name);
      const res = await invite(owners.client, owners.company.id, contractor.email);
      companies.push({ ...owners, contractorId: res.results[0]?.contractorId ?? "" });
    }
    [first, second, third] = companies as [typeof first, typeof second, typeof third];
    await t.deliverMail();
    const mails = t.smtp.mailsTo(contractor.email);
    const client = await signedInClient(t, contractor);
    // Accept the first two (by link); the third stays pending: no consent, no activation there.
    for (const { company } of [first, second]) {
      const mail = mails.find((m) => m.subject.startsWith(company.name));
      if (!mail) throw new Error(`no invitation from ${company.name}`);
      const accepted = await client.post("/api/invitations/accept", { token: tokenIn(mail, "/invitation") });
      expect(accepted.status).toBe(200);
    }
    events = recordEvents(t);
    expect((await client.put("/api/me/profile", complete)).status).toBe(200);
  });
  afterAll(() => events.stop());

  it("makes the contractor Active, live, in each company whose invitation they accepted", async () => {
    for (const c of [first, second]) {
      const event = await events.waitFor(
        (e) => contractorOf(e)?.id === c.contractorId && contractorOf(e)?.status === "active",
      );
      expect(event.audience).toEqual({ companyId: c.company.id });
    }
  });

  it("lists and finds them under the name they saved", async () => {
    for (const c of [first, second]) {
      const listed = await c.client.get(`/api/companies/${c.company.id}/contractors?q=connor`);
      expect(listed.json.items).toMatchObject([
        { id: c.contractorId, status: "active", name: "Anna-Maria O'Connor" },
      ]);
    }
  });

  it("leaves them Invited where they have not accepted", async () => {
    const pending = await third.client.get(
      `/api/companies/${third.company.id}/contractors/${third.contractorId}`,
    );
    expect(pending.json.status).toBe("invited");
  });

  it("tells each inviter whose contractor became Active, by email, and no other", async () => {
    await t.deliverMail();
    for (const c of [first, second]) {
      const mail = await t.smtp.waitFor(
        (m) => m.to.includes(c.owner.email) && m.subject.includes("is now Active"),
      );
      expect(mail.subject).toBe("Anna-Maria O'Connor is now Active");
      expect(mail.text).toContain(c.company.name);
      expect(mail.links).toContain(`${TEST_APP_URL}/companies/${c.company.id}/contractors`);
    }
    expect(t.smtp.mailsTo(third.owner.email)).toHaveLength(0);
  });
});

describe("completing it after choosing a password", () => {
  it("a new account that chose its password (as set-password does) becomes Active once the information is complete", async () => {
    const { db } = t.context.database;
    const { company, client: owners } = await signedInCompany(t);
    const email = uniqueEmail("newbie");
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
