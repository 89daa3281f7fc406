import { describe, expect, it } from "vitest";
import { signUp } from "../../../test/support/accounts.ts";
import { buildUser, GOOD_PASSWORD } from "../../../test/support/factories.ts";
import { outboxTo, tokenFromLastMail } from "../../../test/support/mail.ts";
import { setUpTestApp, startTestApp, TEST_APP_URL } from "../../../test/support/test-app.ts";
import { uniqueEmail } from "../../../test/support/unique.ts";
import { transact } from "../kernel/transaction.ts";
import { findSessionUser } from "./sessions.ts";
import { type CheckedSignUp, signUp as signUpUseCase } from "./sign-up.ts";

const t = setUpTestApp();

const counts = async () => {
  const db = t.context.database.db;
  const one = async (table: "users" | "companies" | "outbox_emails" | "sessions" | "memberships") =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    users: await one("users"),
    companies: await one("companies"),
    memberships: await one("memberships"),
    mails: await one("outbox_emails"),
    sessions: await one("sessions"),
  };
};

/** The Set-Cookie header(s) of a response, as one string. */
function setCookieHeader(headers: Record<string, unknown>): string {
  const value = headers["set-cookie"];
  return Array.isArray(value) ? value.join("\n") : String(value ?? "");
}

describe("signing up", () => {
  it("creates a company whose owner is the new user, signs them in and sends a verification link", async () => {
    const client = t.client();
    const res = await client.post("/api/auth/sign-up", {
      accountType: "company",
      email: "  Olga@Acme.Example ",
      password: GOOD_PASSWORD,
      name: "Olga Owner",
      companyName: "Acme Ltd",
    });
    expect(res.status).toBe(201);
    expect(res.json).toEqual({
      id: expect.any(String),
      email: "olga@acme.example",
      name: "Olga Owner",
      emailVerified: false,
      platformRole: null,
    });
    const me = await client.get("/api/me");
    expect(me.status).toBe(200);
    expect(me.json.companies).toEqual([{ id: expect.any(String), name: "Acme Ltd", role: "owner" }]);
    expect(me.json.contractorOf).toEqual([]);

    const token = await tokenFromLastMail(t, "olga@acme.example", "/verify-email");
    const info = await client.post("/api/auth/tokens/inspect", { token });
    expect(info.json).toEqual({ purpose: "verification", email: "olga@acme.example", accountExists: true });
    const verified = await client.post("/api/auth/verify-email", { token });
    expect(verified.status).toBe(200);
    expect(verified.json.emailVerified).toBe(true);
    expect((await client.post("/api/auth/verify-email", { token })).status).toBe(410);
  });

  it("lets a contractor sign up alone: no company is created", async () => {
    const before = await counts();
    const client = t.client();
    const res = await signUp(client, { email: "carl@freelance.example", name: "Carl" });
    expect(res.status).toBe(201);
    const me = await client.get("/api/me");
    expect(me.json).toMatchObject({
      companies: [],
      contractorOf: [],
      pendingInvitations: [],
      profileComplete: false,
    });
    const after = await counts();
    expect(after.companies).toBe(before.companies);
    expect(after.users).toBe(before.users + 1);
  });

  it("requires a company name for a company account, naming the field", async () => {
    const res = await t.client().post("/api/auth/sign-up", {
      accountType: "company",
      email: "noname@acme.example",
      password: GOOD_PASSWORD,
      name: "No Name",
      companyName: "   ",
    });
    expect(res.status).toBe(400);
    expect(res.json.errors).toEqual([{ field: "companyName", message: "Enter your company's name." }]);
  });

  it("refuses an invalid email address, naming the field", async () => {
    const res = await signUp(t.client(), { email: "not an email", name: "X" });
    expect(res.status).toBe(400);
    expect(res.json.errors[0].field).toBe("email");
  });

  it("treats Anna@Example.com and anna＠example.com as one account: 409 and nothing changes", async () => {
    const first = await signUp(t.client(), { email: "Anna@Example.com", name: "Anna" });
    expect(first.status).toBe(201);
    expect(first.json.email).toBe("anna@example.com");
    const before = await counts();
    const second = t.client();
    const res = await second.post("/api/auth/sign-up", {
      accountType: "company",
      email: "anna＠example.com",
      password: "another good passphrase",
      name: "Impostor",
      companyName: "Impostor Inc",
    });
    expect(res.status).toBe(409);
    expect(res.headers["content-type"]).toContain("application/problem+json");
    expect(res.headers["set-cookie"]).toBeUndefined();
    expect(await counts()).toEqual(before);
    const user = await t.context.database.db
      .selectFrom("users")
      .selectAll()
      .where("email", "=", "anna@example.com")
      .executeTakeFirstOrThrow();
    expect(user.name).toBe("Anna");
    // The original password still works, the impostor's does not.
    expect(
      (await t.client().post("/api/auth/sign-in", { email: "ANNA@example.com", password: GOOD_PASSWORD }))
        .status,
    ).toBe(200);
    expect(
      (
        await t
          .client()
          .post("/api/auth/sign-in", { email: "anna@example.com", password: "another good passphrase" })
      ).status,
    ).toBe(401);
  });

  it.each([
    ["short", "seven77", "Use at least 8 characters."],
    ["long", "x".repeat(129), "Use at most 128 characters."],
    ["common", "password1", "This password is one of the most common ones; choose another."],
    ["common in other case", "PassWord123", "This password is one of the most common ones; choose another."],
  ])("refuses a %s password, naming the field", async (_kind, password, message) => {
    const res = await t.client().post("/api/auth/sign-up", {
      accountType: "contractor",
      email: `rules.${password.length}.${Math.random()}@example.com`,
      password,
      name: "Rules",
    });
    expect(res.status).toBe(400);
    expect(res.json.errors).toEqual([{ field: "password", message }]);
  });

  it("accepts 8 and 128 characters without composition rules", async () => {
    for (const password of ["zqxjvkwp", `${"y".repeat(127)}z`]) {
      const res = await t.client().post("/api/auth/sign-up", {
        accountType: "contractor",
        email: `len${password.length}@example.com`,
        password,
        name: "Len",
      });
      expect(res.status).toBe(201);
    }
  });

  it("stores an argon2id hash with m=19 MiB, t=2, p=1", async () => {
    const row = await t.context.database.db
      .selectFrom("users")
      .select("password_hash")
      .where("email", "=", "carl@freelance.example")
      .executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(row.password_hash).not.toContain(GOOD_PASSWORD);
  });

  it("sets an HttpOnly, SameSite=Lax session cookie on / (not Secure over http)", async () => {
    const res = await signUp(t.client(), { email: "cookie@example.com", name: "Cookie" });
    const cookie = setCookieHeader(res.headers);
    expect(cookie).toMatch(/^crewdesk_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Lax");
    expect(cookie).toContain("Path=/");
    expect(cookie).not.toContain("Secure");
    // The session token is stored only as its hash.
    const token = /crewdesk_session=([^;]+)/.exec(cookie)?.[1] ?? "";
    const raw = await t.context.database.db.selectFrom("sessions").select("token_hash").execute();
    expect(raw.some((s) => s.token_hash === token)).toBe(false);
  });

  it("sends the verification mail through SMTP from MAIL_FROM, user text escaped, links on APP_URL only", async () => {
    const client = t.client();
    const res = await client.request({
      method: "POST",
      url: "/api/auth/sign-up",
      payload: {
        accountType: "company",
        email: "eve@example.com",
        password: GOOD_PASSWORD,
        name: `<b>Eve</b> & "co"`,
        companyName: "<script>alert(1)</script>",
      },
      headers: { host: "evil.example", "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" },
    });
    expect(res.status).toBe(201);
    await t.deliverMail();
    const mail = await t.smtp.waitFor((m) => m.to.includes("eve@example.com"));
    expect(t.context.config.mailFrom).toBe("Crewdesk <no-reply@localhost>");
    expect(mail.parsed.from?.value).toEqual([{ name: "Crewdesk", address: "no-reply@localhost" }]);
    expect(mail.subject).toBe("Confirm your email address for Crewdesk");
    expect(mail.html).toContain("&lt;b&gt;Eve&lt;/b&gt; &amp; &quot;co&quot;");
    expect(mail.html).not.toContain("<b>Eve</b>");
    expect(mail.text).toContain(`<b>Eve</b> & "co"`);
    expect(mail.links.length).toBeGreaterThan(0);
    for (const link of mail.links) expect(link.startsWith(`${TEST_APP_URL}/`)).toBe(true);
    expect(mail.links.some((l) => l.startsWith(`${TEST_APP_URL}/verify-email?token=`))).toBe(true);
    expect(`${mail.text}${mail.html}`).not.toContain("evil.example");
  });
});

describe("secure cookies", () => {
  it("uses Secure and the __Host- prefix when APP_URL is https", async () => {
    const secure = await startTestApp({ APP_URL: "https://crewdesk.example" });
    try {
      const client = secure.client({ origin: "https://crewdesk.example" });
      const res = await signUp(client, { email: "secure@example.com", name: "Secure" });
      expect(res.status).toBe(201);
      const cookie = setCookieHeader(res.headers);
      expect(cookie).toMatch(/^__Host-crewdesk_session=/);
      expect(cookie).toContain("Secure");
      expect(cookie).toContain("HttpOnly");
      expect(cookie).toContain("SameSite=Lax");
      expect(cookie).toContain("Path=/");
      expect(cookie).not.toContain("Domain=");
      expect((await client.get("/api/me")).status).toBe(200);
    } finally {
      await secure.close();
    }
  });
});

describe("signUp", () => {
  const checked = (overrides: Partial<CheckedSignUp> = {}): CheckedSignUp => ({
    accountType: "company",
    email: uniqueEmail("owner"),
    name: "Olga Owner",
    companyName: "Hooli",
    passwordHash: "an-argon2-hash",
    ...overrides,
  });
  const signUpWith = (input: CheckedSignUp) => transact(t.context, (tx) => signUpUseCase(tx, input));

  it("makes the new user the owner of the company they named", async () => {
    const { user } = await signUpWith(checked({ companyName: "Pied Piper" }));
    const owned = await t.context.database.db
      .selectFrom("memberships")
      .innerJoin("companies", "companies.id", "memberships.company_id")
      .select(["companies.name", "memberships.role"])
      .where("memberships.user_id", "=", user.id)
      .execute();
    expect(owned).toEqual([{ name: "Pied Piper", role: "owner" }]);
  });

  it("opens a contractor's account in no company", async () => {
    const { user } = await signUpWith(checked({ accountType: "contractor", companyName: "" }));
    const memberships = await t.context.database.db
      .selectFrom("memberships")
      .select("company_id")
      .where("user_id", "=", user.id)
      .execute();
    expect(memberships).toEqual([]);
  });

  it("signs the new user in", async () => {
    const { user, sessionToken } = await signUpWith(checked());
    expect((await findSessionUser(t.context.database.db, sessionToken))?.user.id).toBe(user.id);
  });

  it("queues the link that confirms the address, the address not yet confirmed", async () => {
    const { user } = await signUpWith(checked());
    expect(user.email_verified_at).toBeNull();
    expect(await outboxTo(t, user.email)).toMatchObject([{ template: "email-verification" }]);
  });

  it("refuses an address taken since it was checked with 409, creating nothing", async () => {
    const taken = await buildUser(t.context.database.db);
    const name = `Latecomer ${uniqueEmail("name")}`;
    await expect(signUpWith(checked({ email: taken.email, companyName: name }))).rejects.toMatchObject({
      status: 409,
    });
    const companies = await t.context.database.db
      .selectFrom("companies")
      .select("id")
      .where("name", "=", name)
      .execute();
    expect(companies).toEqual([]);
  });
});
