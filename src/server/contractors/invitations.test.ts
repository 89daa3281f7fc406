import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contractorOf, recordEvents } from "../../../test/support/events.ts";
import {
  type BuiltCompany,
  buildCompany,
  buildUser,
  signedInClient,
  signedInCompany,
} from "../../../test/support/factories.ts";
import { invite } from "../../../test/support/invitations.ts";
import { tokenIn } from "../../../test/support/mail.ts";
import { startTestApp, TEST_APP_URL, type TestApp, type TestClient } from "../../../test/support/test-app.ts";
import { uniqueEmail } from "../../../test/support/unique.ts";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe("inviting a new address", () => {
  let company: BuiltCompany;
  let client: TestClient;
  let events: ReturnType<typeof recordEvents>;
  let email: string;
  let res: Awaited<ReturnType<typeof invite>>;
  let contractorId: string;
  beforeAll(async () => {
    ({ company, client } = await signedInCompany(t, "Acme <Studio> & Co"));
    email = uniqueEmail("anna", "mail.test");
    events = recordEvents(t);
    res = await invite(
      client,
      company.id,
      `Anna Smith <${email.toUpperCase()}>`,
      'Welcome <b>aboard</b> & "hi"\nSecond line',
    );
    contractorId = res.results[0]?.contractorId ?? "";
  });
  afterAll(() => events.stop());

  /** The invitation as the person received it. */
  async function received() {
    await t.deliverMail();
    return t.smtp.waitFor((m) => m.to.includes(email));
  }

  it("answers that the address, as normalised, was invited", () => {
    expect(res.status).toBe(200);
    expect(res.results).toEqual([{ email, outcome: "invited", contractorId: expect.any(String) }]);
  });

  it("creates an account without a password, named by its address until its owner says", async () => {
    const user = await t.context.database.db
      .selectFrom("users")
      .selectAll()
      .where("email", "=", email)
      .executeTakeFirstOrThrow();
    // The pasted name is this company's alone.
    expect({ passwordHash: user.password_hash, name: user.name }).toEqual({
      passwordHash: null,
      name: email.slice(0, email.indexOf("@")),
    });
  });

  it("lists the contractor Invited under the pasted name, the invitation email queued", async () => {
    const listed = await client.get(`/api/companies/${company.id}/contractors/${contractorId}`);
    expect(listed.json).toMatchObject({
      id: contractorId,
      email,
      name: "Anna Smith",
      status: "invited",
      activatedAt: null,
      invitationEmail: { status: "queued", reason: null },
    });
  });

  it("tells the company's open lists", async () => {
    const invited = await events.waitFor((e) => contractorOf(e)?.id === contractorId);
    expect(invited.audience).toEqual({ companyId: company.id });
  });

  it("emails the invitation in the company's name, with the welcome message as plain text", async () => {
    const mail = await received();
    expect(mail.subject).toBe("Acme <Studio> & Co invited you to Crewdesk");
    expect(mail.text).toContain("Olivia Owner from Acme <Studio> & Co invited you");
    expect(mail.text).toContain('Welcome <b>aboard</b> & "hi"\nSecond line');
    expect(mail.text).toContain(`Your login: ${email}`);
  });

  it("escapes the company's name and the welcome message in the HTML part", async () => {
    const mail = await received();
    expect(mail.html).toContain("Welcome &lt;b&gt;aboard&lt;/b&gt; &amp; &quot;hi&quot;<br>Second line");
    expect(mail.html).not.toContain("<b>aboard</b>");
    expect(mail.html).toContain("Acme &lt;Studio&gt; &amp; Co");
  });

  it("says the link lasts 7 days and to look in spam", async () => {
    const mail = await received();
    expect(mail.text).toMatch(/valid for 7 days/);
    expect(mail.text).toMatch(/spam/);
  });

  it("links to APP_URL only, with a set-password link stored as a hash that lives 7 days", async () => {
    const mail = await received();
    expect(mail.links.every((l) => l.startsWith(`${TEST_APP_URL}/`))).toBe(true);
    const token = tokenIn(mail, "/set-password");
    const row = await t.context.database.db
      .selectFrom("auth_tokens")
      .selectAll()
      .where("contractor_id", "=", contractorId)
      .executeTakeFirstOrThrow();
    expect(row.purpose).toBe("invitation");
    expect(Date.parse(row.expires_at) - Date.parse(row.created_at)).toBe(7 * 24 * 3600 * 1000);
    expect(row.token_hash).not.toBe(token);
  });

  it("puts no password in the email", async () => {
    const mail = await received();
    expect(`${mail.text}${mail.html}`.toLowerCase()).not.toMatch(/password:\s/);
  });

  it("shows the invitation email as sent once the mail server took it", async () => {
    await received();
    const sent = await events.waitFor((e) => contractorOf(e)?.invitationEmail?.status === "sent");
    expect(contractorOf(sent)?.id).toBe(contractorId);
  });
});

describe("inviting contractors", () => {
  it("invites an existing account without creating or changing anything of it, and says only 'invited'", async () => {
    const { company, client } = await signedInCompany(t, "Globex");
    const { db } = t.context.database;
    const existing = await buildUser(db, {
      email: uniqueEmail("bob", "mail.test"),
      name: "Bob Existing",
      passwordHash: "argon-hash",
    });
    const fresh = uniqueEmail("carl", "mail.test");
    const res = await invite(client, company.id, `${existing.email}, ${fresh}`);
    expect(res.results.map((r) => r.outcome)).toEqual(["invited", "invited"]);
    expect(Object.keys(res.results[0] ?? {}).sort()).toEqual(Object.keys(res.results[1] ?? {}).sort());

    const after = await db
      .selectFrom("users")
      .selectAll()
      .where("id", "=", existing.id)
      .executeTakeFirstOrThrow();
    expect(after).toEqual(existing);
    expect(
      await db.selectFrom("users").select("id").where("email", "=", existing.email).execute(),
    ).toHaveLength(1);
    // Consent first: the relation waits for the account to accept.
    const relation = await db
      .selectFrom("contractors")
      .selectAll()
      .where("user_id", "=", existing.id)
      .executeTakeFirstOrThrow();
    expect(relation).toMatchObject({ status: "invited", accepted_at: null });

    await t.deliverMail();
    const mail = await t.smtp.waitFor((m) => m.to.includes(existing.email));
    expect(mail.subject).toBe("Globex invited you");
    tokenIn(mail, "/invitation");
    expect(mail.links.some((l) => l.includes("/set-password"))).toBe(false);
    expect(mail.text).not.toMatch(/login:/i);
  });

  it("answers already in team for Invited and Active contractors, without an email", async () => {
    const { company, client } = await signedInCompany(t);
    const email = uniqueEmail("dora", "mail.test");
    await invite(client, company.id, email);
    await t.deliverMail();
    const before = t.smtp.mailsTo(email).length;
    const again = await invite(client, company.id, `${email}; ${email.toUpperCase()}`);
    // The same address twice, in another case, is one address.
    expect(again.results).toEqual([{ email, outcome: "already_in_team", contractorId: expect.any(String) }]);
    const { db } = t.context.database;
    await db
      .updateTable("contractors")
      .set({ status: "active" })
      .where("company_id", "=", company.id)
      .execute();
    expect((await invite(client, company.id, email)).results[0]?.outcome).toBe("already_in_team");
    await t.deliverMail();
    expect(t.smtp.mailsTo(email)).toHaveLength(before);
  });

  it("answers in the order entered, invalid entries where they were, with the parser's reason", async () => {
    const { company, owner, client } = await signedInCompany(t);
    const ok = uniqueEmail("eve", "mail.test");
    const res = await invite(
      client,
      company.id,
      `${owner.email.toUpperCase()}, not-an-email, ${ok}, a@x.coma@y.co`,
    );
    expect(res.status).toBe(200);
    expect(res.results).toEqual([
      { email: owner.email, outcome: "invalid", reason: "self" },
      { email: "not-an-email", outcome: "invalid", reason: "format" },
      { email: ok, outcome: "invited", contractorId: expect.any(String) },
      { email: "a@x.coma@y.co", outcome: "invalid", reason: "glued" },
    ]);
  });

  it("invites a removed contractor again under the same contractor id", async () => {
    const { company, client } = await signedInCompany(t);
    const email = uniqueEmail("finn", "mail.test");
    const first = await invite(client, company.id, email);
    const id = first.results[0]?.contractorId;
    await t.deliverMail();
    expect((await client.delete(`/api/companies/${company.id}/contractors/${id}`)).status).toBe(204);
    const again = await invite(client, company.id, email, "Welcome back");
    expect(again.results).toEqual([{ email, outcome: "invited", contractorId: id }]);
    const res = await client.get(`/api/companies/${company.id}/contractors/${id}`);
    expect(res.json.status).toBe("invited");
    await t.deliverMail();
    const mails = t.smtp.mailsTo(email);
    expect(mails).toHaveLength(2);
    // The account made by the first invitation never chose a password: the second link chooses one too.
    const second = mails.find((m) => m.text.includes("Welcome back"));
    expect(second).toBeDefined();
    if (second) tokenIn(second, "/set-password");
  });

  it("two companies inviting the same new address at once share one account", async () => {
    const a = await signedInCompany(t);
    const b = await signedInCompany(t);
    const email = uniqueEmail("shared", "mail.test");
    const [ra, rb] = await Promise.all([
      invite(a.client, a.company.id, email),
      invite(b.client, b.company.id, email),
    ]);
    expect([ra.status, rb.status]).toEqual([200, 200]);
    expect([ra.results[0]?.outcome, rb.results[0]?.outcome]).toEqual(["invited", "invited"]);
    const { db } = t.context.database;
    const users = await db.selectFrom("users").select("id").where("email", "=", email).execute();
    expect(users).toHaveLength(1);
    const relations = await db
      .selectFrom("contractors")
      .select("user_id")
      .where("user_id", "=", users[0]?.id ?? "")
      .execute();
    expect(relations).toHaveLength(2);
  });

  it("refuses more than 1,000 entries of any kind, a message over 1,000 characters and empty input, with 400", async () => {
    const { company, client } = await signedInCompany(t);
    const many = Array.from({ length: 1001 }, (_, i) => `p${i}@bulk.test`).join("\n");
    const over = await client.post(`/api/companies/${company.id}/contractors/invitations`, { emails: many });
    expect(over.status).toBe(400);
    expect(over.json.detail).toMatch(/At most 1,000 entries/);
    expect(over.json.errors[0].field).toBe("emails");
    // Valid or not: 999 addresses and two words that are not addresses are 1,001 entries too.
    const mixed = `${Array.from({ length: 999 }, (_, i) => `q${i}@bulk.test`).join(", ")}, nope, nope`;
    expect(
      (await client.post(`/api/companies/${company.id}/contractors/invitations`, { emails: mixed })).status,
    ).toBe(400);
    const long = await client.post(`/api/companies/${company.id}/contractors/invitations`, {
      emails: uniqueEmail("gus", "mail.test"),
      message: "x".repeat(1001),
    });
    expect(long.status).toBe(400);
    expect(long.json.errors[0].field).toBe("message");
    const empty = await client.post(`/api/companies/${company.id}/contractors/invitations`, {
      emails: " ,; ",
    });
    expect(empty.status).toBe(400);
    const { db } = t.context.database;
    expect(
      await db.selectFrom("contractors").select("id").where("company_id", "=", company.id).execute(),
    ).toEqual([]);
  });

  it("lets only the company's owners and managers invite: others get 404 or 401", async () => {
    const { company } = await signedInCompany(t);
    const { client: stranger } = await signedInCompany(t);
    expect((await invite(stranger, company.id, uniqueEmail("hal", "mail.test"))).status).toBe(404);
    expect((await invite(t.client(), company.id, uniqueEmail("hal", "mail.test"))).status).toBe(401);
    const { db } = t.context.database;
    const manager = await buildUser(db, { email: uniqueEmail("manager", "mail.test") });
    await db
      .insertInto("memberships")
      .values({
        company_id: company.id,
        user_id: manager.id,
        role: "manager",
        created_at: new Date().toISOString(),
      })
      .execute();
    expect(
      (await invite(await signedInClient(t, manager), company.id, uniqueEmail("ivy", "mail.test"))).status,
    ).toBe(200);
  });

  it("refuses a cross-site request (no Origin of APP_URL)", async () => {
    const { company, client } = await signedInCompany(t);
    const evil = t.client({ origin: "https://evil.test" });
    for (const [name, value] of client.cookies) evil.cookies.set(name, value);
    const res = await invite(evil, company.id, uniqueEmail("jo", "mail.test"));
    expect(res.status).toBe(403);
  });
});

describe("the hourly invitation limit", () => {
  let limited: TestApp;
  beforeAll(async () => {
    limited = await startTestApp({ INVITES_PER_HOUR: "3" });
  });
  afterAll(() => limited.close());

  it("refuses a whole submission that would pass INVITES_PER_HOUR with 429, nothing sent", async () => {
    const { db } = limited.context.database;
    const owner = await buildUser(db, { email: uniqueEmail("limit-owner", "mail.test") });
    const company = await buildCompany(db, { owner });
    const client = await signedInClient(limited, owner);
    const first = await invite(
      client,
      company.id,
      `${uniqueEmail("a", "mail.test")} ${uniqueEmail("b", "mail.test")}`,
    );
    expect(first.status).toBe(200);

    const twoMore = `${uniqueEmail("c", "mail.test")} ${uniqueEmail("d", "mail.test")}`;
    const res = await client.post(`/api/companies/${company.id}/contractors/invitations`, {
      emails: twoMore,
    });
    expect(res.status).toBe(429);
    expect(Number(res.headers["retry-after"])).toBeGreaterThan(3500);
    expect(res.json.detail).toMatch(/3 invitations per hour/);
    expect(
      await db.selectFrom("contractors").select("id").where("company_id", "=", company.id).execute(),
    ).toHaveLength(2);
    expect(await db.selectFrom("outbox_emails").select("id").execute()).toHaveLength(2);

    // Already-in-team addresses cost nothing; one more new address still fits.
    const fits = await invite(client, company.id, `${twoMore.split(" ")[0]}`);
    expect(fits.status).toBe(200);
    // Resending counts too.
    const id = first.results[0]?.contractorId;
    expect(
      (await client.post(`/api/companies/${company.id}/contractors/${id}/resend-invitation`)).status,
    ).toBe(429);
    // Another company has its own allowance.
    const other = await buildCompany(db, { owner });
    expect((await invite(client, other.id, uniqueEmail("e", "mail.test"))).status).toBe(200);
  });
});
