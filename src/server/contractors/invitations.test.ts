import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contractorOf, recordEvents } from "../../../test/support/events.ts";
import {
  buildCompany,
  buildMembership,
  buildUser,
  signedInClient,
  signedInCompany,
} from "../../../test/support/factories.ts";
import { invite } from "../../../test/support/invitations.ts";
import { tokenIn } from "../../../test/support/mail.ts";
import type { ReceivedMail } from "../../../test/support/smtp-peer.ts";
import { setUpTestApp, TEST_APP_URL, type TestClient } from "../../../test/support/test-app.ts";
import { uniqueEmail } from "../../../test/support/unique.ts";

const t = setUpTestApp();

describe("inviting a new address", () => {
  let company: { id: string };
  let email: string;
  let res: Awaited<ReturnType<typeof invite>>;
  let contractorId: string;
  let events: ReturnType<typeof recordEvents>;
  let mail: ReceivedMail;
  let listed: { status: number; json: Record<string, unknown> };

  beforeAll(async () => {
    const owners = await signedInCompany(t, "Acme <Studio> & Co");
    company = owners.company;
    email = uniqueEmail("anna");
    events = recordEvents(t);
    res = await invite(
      owners.client,
      company.id,
      `Anna Smith <${email.toUpperCase()}>`,
      'Welcome <b>aboard</b> & "hi"\nSecond line',
    );
    contractorId = res.results[0]?.contractorId ?? "";
    listed = await owners.client.get(`/api/companies/${company.id}/contractors/${contractorId}`);
    await t.deliverMail();
    mail = await t.smtp.waitFor((m) => m.to.includes(email));
  });
  afterAll(() => events.stop());

  it("answers invited with the new contractor's id, the address in lower case", () => {
    expect(res.status).toBe(200);
    expect(res.results).toEqual([{ email, outcome: "invited", contractorId: expect.any(String) }]);
  });

  it("makes an account without a password, named as typed", async () => {
    const user = await t.context.database.db
      .selectFrom("users")
      .selectAll()
      .where("email", "=", email)
      .executeTakeFirstOrThrow();
    expect(user.password_hash).toBeNull();
    expect(user.name).toBe("Anna Smith");
  });

  it("lists the contractor as Invited, the invitation queued", () => {
    expect(listed.status).toBe(200);
    expect(listed.json).toMatchObject({
      id: contractorId,
      email,
      name: "Anna Smith",
      status: "invited",
      activatedAt: null,
      invitationEmail: { status: "queued", reason: null },
    });
  });

  it("tells the company's open lists at once, and again once the email is sent", async () => {
    const invited = await events.waitFor((e) => contractorOf(e)?.id === contractorId);
    expect(invited.audience).toEqual({ companyId: company.id });
    const sent = await events.waitFor((e) => contractorOf(e)?.invitationEmail?.status === "sent");
    expect(contractorOf(sent)?.id).toBe(contractorId);
  });

  it("emails who invited them, from which company, with the welcome message and their login", () => {
    expect(mail.subject).toBe("Acme <Studio> & Co invited you to Crewdesk");
    expect(mail.text).toContain("Olivia Owner from Acme <Studio> & Co invited you");
    expect(mail.text).toContain('Welcome <b>aboard</b> & "hi"\nSecond line');
    expect(mail.text).toContain(`Your login: ${email}`);
    expect(mail.text).toMatch(/valid for 7 days/);
    expect(mail.text).toMatch(/spam/);
  });

  it("escapes what was typed in the HTML part", () => {
    expect(mail.html).toContain("Welcome &lt;b&gt;aboard&lt;/b&gt; &amp; &quot;hi&quot;<br>Second line");
    expect(mail.html).not.toContain("<b>aboard</b>");
    expect(mail.html).toContain("Acme &lt;Studio&gt; &amp; Co");
  });

  it("links only to APP_URL: a set-password link valid for 7 days, stored as its hash", async () => {
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

  it("sends no password", () => {
    expect(`${mail.text}${mail.html}`.toLowerCase()).not.toMatch(/password:\s/);
  });
});

describe("inviting an existing account", () => {
  let existing: Awaited<ReturnType<typeof buildUser>>;
  let res: Awaited<ReturnType<typeof invite>>;
  let mail: ReceivedMail;

  beforeAll(async () => {
    const { company, client } = await signedInCompany(t, "Globex");
    existing = await buildUser(t.context.database.db, {
      email: uniqueEmail("bob"),
      name: "Bob Existing",
      passwordHash: "argon-hash",
    });
    res = await invite(client, company.id, `${existing.email}, ${uniqueEmail("carl")}`);
    await t.deliverMail();
    mail = await t.smtp.waitFor((m) => m.to.includes(existing.email));
  });

  it("answers exactly as for a new address: the answer never tells that an account exists", () => {
    expect(res.results.map((r) => r.outcome)).toEqual(["invited", "invited"]);
    expect(Object.keys(res.results[0] ?? {}).sort()).toEqual(Object.keys(res.results[1] ?? {}).sort());
  });

  it("creates no account and changes nothing of the existing one", async () => {
    const { db } = t.context.database;
    const after = await db
      .selectFrom("users")
      .selectAll()
      .where("id", "=", existing.id)
      .executeTakeFirstOrThrow();
    expect(after).toEqual(existing);
    expect(
      await db.selectFrom("users").select("id").where("email", "=", existing.email).execute(),
    ).toHaveLength(1);
  });

  it("waits for the account's consent: Invited, not accepted", async () => {
    const relation = await t.context.database.db
      .selectFrom("contractors")
      .selectAll()
      .where("user_id", "=", existing.id)
      .executeTakeFirstOrThrow();
    expect(relation).toMatchObject({ status: "invited", accepted_at: null });
  });

  it("emails an invitation to accept, with no set-password link and no login", () => {
    expect(mail.subject).toBe("Globex invited you");
    tokenIn(mail, "/invitation");
    expect(mail.links.some((l) => l.includes("/set-password"))).toBe(false);
    expect(mail.text).not.toMatch(/login:/i);
  });
});

describe("inviting contractors", () => {
  it("answers already in team for Invited and Active contractors, without an email", async () => {
    const { company, client } = await signedInCompany(t);
    const email = uniqueEmail("dora");
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
    const ok = uniqueEmail("eve");
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
    const email = uniqueEmail("finn");
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
    // The account exists now (created by the first invitation): the second is an invitation to accept.
    const second = mails.find((m) => m.text.includes("Welcome back"));
    expect(second).toBeDefined();
    if (second) tokenIn(second, "/invitation");
  });

  it("two companies inviting the same new address at once share one account", async () => {
    const a = await signedInCompany(t);
    const b = await signedInCompany(t);
    const email = uniqueEmail("shared");
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

  describe("refuses with 400 and creates nothing", () => {
    let company: { id: string };
    let post: (body: Record<string, string>) => ReturnType<TestClient["post"]>;
    beforeAll(async () => {
      const owners = await signedInCompany(t);
      company = owners.company;
      post = (body) => owners.client.post(`/api/companies/${company.id}/contractors/invitations`, body);
    });

    it("more than 1,000 entries, naming the field", async () => {
      const many = Array.from({ length: 1001 }, (_, i) => `p${i}@bulk.test`).join("\n");
      const over = await post({ emails: many });
      expect(over.status).toBe(400);
      expect(over.json.detail).toMatch(/At most 1,000 entries/);
      expect(over.json.errors[0].field).toBe("emails");
    });

    it("more than 1,000 entries valid or not: 999 addresses and two words", async () => {
      const mixed = `${Array.from({ length: 999 }, (_, i) => `q${i}@bulk.test`).join(", ")}, nope, nope`;
      expect((await post({ emails: mixed })).status).toBe(400);
    });

    it("a welcome message over 1,000 characters, naming the field", async () => {
      const long = await post({ emails: uniqueEmail("gus"), message: "x".repeat(1001) });
      expect(long.status).toBe(400);
      expect(long.json.errors[0].field).toBe("message");
    });

    it("a list with no entry at all", async () => {
      expect((await post({ emails: " ,; " })).status).toBe(400);
    });

    it("and none of the refused lists made a contractor", async () => {
      const { db } = t.context.database;
      expect(
        await db.selectFrom("contractors").select("id").where("company_id", "=", company.id).execute(),
      ).toEqual([]);
    });
  });

  it("lets only the company's owners and managers invite: others get 404 or 401", async () => {
    const { company } = await signedInCompany(t);
    const { client: stranger } = await signedInCompany(t);
    expect((await invite(stranger, company.id, uniqueEmail("hal"))).status).toBe(404);
    expect((await invite(t.client(), company.id, uniqueEmail("hal"))).status).toBe(401);
    const { db } = t.context.database;
    const manager = await buildUser(db, { email: uniqueEmail("manager") });
    await buildMembership(db, company.id, manager, "manager");
    expect((await invite(await signedInClient(t, manager), company.id, uniqueEmail("ivy"))).status).toBe(200);
  });

  it("refuses a cross-site request (no Origin of APP_URL)", async () => {
    const { company, client } = await signedInCompany(t);
    const evil = t.client({ origin: "https://evil.test" });
    for (const [name, value] of client.cookies) evil.cookies.set(name, value);
    const res = await invite(evil, company.id, uniqueEmail("jo"));
    expect(res.status).toBe(403);
  });
});

describe("the hourly invitation limit", () => {
  const limited = setUpTestApp({ INVITES_PER_HOUR: "3" });

  it("refuses a whole submission that would pass INVITES_PER_HOUR with 429, nothing sent", async () => {
    const { db } = limited.context.database;
    const { company, owner, client } = await signedInCompany(limited);
    const first = await invite(client, company.id, `${uniqueEmail("a")} ${uniqueEmail("b")}`);
    expect(first.status).toBe(200);

    const twoMore = `${uniqueEmail("c")} ${uniqueEmail("d")}`;
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
    expect((await invite(client, other.id, uniqueEmail("e"))).status).toBe(200);
  });
});
