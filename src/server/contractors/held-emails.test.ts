import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordEvents } from "../../../test/support/events.ts";
import {
  buildCompany,
  buildContractor,
  buildUser,
  GOOD_PASSWORD,
  signedInClient,
  taskInput,
} from "../../../test/support/factories.ts";
import { invite } from "../../../test/support/invitations.ts";
import { tokenFromLastMail } from "../../../test/support/mail.ts";
import { startTestApp, type TestApp, type TestClient } from "../../../test/support/test-app.ts";
import { uniqueEmail } from "../../../test/support/unique.ts";
import { HELD_UNTIL_OWNER_CONFIRMS } from "../../common/wire/mail.ts";
import { HELD_EMAIL_DROPPED } from "../auth/mailbox-proof.ts";
import { loadConfig } from "../config.ts";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

/** A company signed up through the app: its owner has not confirmed their address yet. */
async function signedUpCompany(app: TestApp, ownerEmail = uniqueEmail("owner")) {
  const owner = app.client();
  const res = await owner.post("/api/auth/sign-up", {
    accountType: "company",
    email: ownerEmail,
    password: GOOD_PASSWORD,
    name: "Olivia Owner",
    companyName: `Spamless ${ownerEmail}`,
  });
  expect(res.status).toBe(201);
  const companyId = (await owner.get("/api/me")).json.companies[0].id as string;
  return { owner, ownerEmail, companyId };
}

async function contractorSeen(owner: TestClient, companyId: string, contractorId: string) {
  return (await owner.get(`/api/companies/${companyId}/contractors/${contractorId}`)).json;
}

describe("not a spam cannon", () => {
  it("a company whose owner has not confirmed their email prepares everything, but its invitation and task emails are held with the reason, and go out once the owner confirms", async () => {
    const { owner, ownerEmail, companyId } = await signedUpCompany(t);
    const email = uniqueEmail("held");
    const res = await invite(owner, companyId, email);
    expect(res.status).toBe(200);
    const contractorId = res.results[0]?.contractorId ?? "";
    const task = await owner.post(
      `/api/companies/${companyId}/tasks`,
      taskInput({ contractorId, send: true }),
    );
    expect(task.status).toBe(201);
    expect(task.json.status).toBe("offered");

    expect((await contractorSeen(owner, companyId, contractorId)).invitationEmail).toEqual({
      status: "held",
      at: expect.any(String),
      reason: HELD_UNTIL_OWNER_CONFIRMS,
    });
    expect((await owner.get(`/api/companies/${companyId}/held-emails`)).json).toEqual({
      count: 2,
      reason: HELD_UNTIL_OWNER_CONFIRMS,
    });
    await t.deliverMail();
    expect(t.smtp.mailsTo(email)).toEqual([]);

    // The owner confirms their address: the list refreshes live and both emails go out.
    const events = recordEvents(t);
    const token = await tokenFromLastMail(t, ownerEmail, "/verify-email");
    expect((await owner.post("/api/auth/verify-email", { token })).json.accountReset).toBe(false);
    await events.waitFor((e) => e.name === "contractor.updated" && e.audience.companyId === companyId);
    events.stop();
    expect((await owner.get(`/api/companies/${companyId}/held-emails`)).json).toEqual({
      count: 0,
      reason: null,
    });
    await t.deliverMail();
    const subjects = t.smtp.mailsTo(email).map((m) => m.subject);
    expect(subjects).toHaveLength(2);
    expect(subjects.some((s) => s.includes("invited you"))).toBe(true);
    expect(subjects.some((s) => s.includes("offered you a task"))).toBe(true);
    expect((await contractorSeen(owner, companyId, contractorId)).invitationEmail.status).toBe("sent");

    // From now on nothing waits.
    const later = uniqueEmail("later");
    const next = await invite(owner, companyId, later);
    expect(
      (await contractorSeen(owner, companyId, next.results[0]?.contractorId ?? "")).invitationEmail.status,
    ).toBe("queued");
  });

  it("the held emails of a company made on someone else's address never go out when the mailbox's owner confirms it", async () => {
    const victim = uniqueEmail("victim");
    const { owner, companyId } = await signedUpCompany(t, victim);
    const target = uniqueEmail("spam.target");
    const contractorId = (await invite(owner, companyId, target)).results[0]?.contractorId ?? "";

    // The mailbox's owner opens the confirmation link without signing in (they never made this account).
    const token = await tokenFromLastMail(t, victim, "/verify-email");
    expect((await t.client().post("/api/auth/verify-email", { token })).json.accountReset).toBe(true);
    await t.deliverMail();
    expect(t.smtp.mailsTo(target)).toEqual([]);
    const row = await t.context.database.db
      .selectFrom("outbox_emails")
      .select(["status", "last_error"])
      .where("recipient", "=", target)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: "failed", last_error: HELD_EMAIL_DROPPED });
    // The session that prepared them ended with the reset.
    expect((await owner.get(`/api/companies/${companyId}/contractors/${contractorId}`)).status).toBe(401);
  });

  it("the company's emails wait for its owner, not for a manager", async () => {
    const { db } = t.context.database;
    const owner = await buildUser(db, { verified: false });
    const company = await buildCompany(db, { owner });
    const manager = await buildUser(db, { verified: true });
    await db
      .insertInto("memberships")
      .values({
        company_id: company.id,
        user_id: manager.id,
        role: "manager",
        created_at: new Date().toISOString(),
      })
      .execute();
    const managers = await signedInClient(t, manager);
    const email = uniqueEmail("by.manager");
    const contractorId = (await invite(managers, company.id, email)).results[0]?.contractorId ?? "";
    expect((await contractorSeen(managers, company.id, contractorId)).invitationEmail.status).toBe("held");
  });
});

describe("task emails to a contractor who has not accepted count as invitations", () => {
  let limited: TestApp;
  beforeAll(async () => {
    limited = await startTestApp({ INVITES_PER_HOUR: "2" });
  });
  afterAll(() => limited.close());

  it("task emails to a contractor who has not accepted count against INVITES_PER_HOUR; to one who accepted, they do not", async () => {
    const { db } = limited.context.database;
    const company = await buildCompany(db);
    // Older than a day: only the hourly allowance applies.
    await db
      .updateTable("companies")
      .set({ created_at: new Date(Date.now() - 3 * 24 * 3600_000).toISOString() })
      .where("id", "=", company.id)
      .execute();
    const owner = await signedInClient(limited, company.owner);
    const pending = (await invite(owner, company.id, uniqueEmail("pending"))).results[0]?.contractorId;
    const tasks = `/api/companies/${company.id}/tasks`;

    // One invitation, one offer to the same contractor who has not accepted: the allowance of 2 is used up.
    expect((await owner.post(tasks, taskInput({ contractorId: pending, send: true }))).status).toBe(201);
    const over = await owner.post(
      tasks,
      taskInput({ title: "One offer too many", contractorId: pending, send: true }),
    );
    expect(over.status).toBe(429);
    expect(over.json.detail).toMatch(
      /2 invitations and task emails to contractors who have not accepted per hour/,
    );
    expect(Number(over.headers["retry-after"])).toBeGreaterThan(0);
    // Nothing of the refused offer was kept; a draft sends nothing and costs nothing.
    const drafted = await owner.post(tasks, taskInput({ title: "A draft", contractorId: pending }));
    expect(drafted.status).toBe(201);
    expect((await owner.post(`${tasks}/${drafted.json.id}/send`)).status).toBe(429);

    // A contractor who accepted gets their offers whatever the allowance.
    const accepted = await buildContractor(db, { companyId: company.id, accepted: true });
    expect((await owner.post(tasks, taskInput({ contractorId: accepted.id, send: true }))).status).toBe(201);
  });
});

describe("a new company's first day", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ NEW_COMPANY_INVITES_PER_DAY: "3" });
  });
  afterAll(() => app.close());

  it("has a lower limit, NEW_COMPANY_INVITES_PER_DAY (default 200), counted since the company was made", async () => {
    expect(loadConfig({}).newCompanyInvitesPerDay).toBe(200);
    const { db } = app.context.database;
    const young = await buildCompany(db);
    const owner = await signedInClient(app, young.owner);
    const list = (n: number) => Array.from({ length: n }, () => uniqueEmail("day")).join(" ");
    expect((await invite(owner, young.id, list(2))).status).toBe(200);
    const over = await owner.post(`/api/companies/${young.id}/contractors/invitations`, { emails: list(2) });
    expect(over.status).toBe(429);
    expect(over.json.detail).toMatch(/A new company can send 3 invitations in its first 24 hours/);
    const retryAfter = Number(over.headers["retry-after"]);
    expect(retryAfter).toBeGreaterThan(23 * 3600);
    expect(retryAfter).toBeLessThanOrEqual(24 * 3600);
    expect((await invite(owner, young.id, list(1))).status).toBe(200);
    expect((await invite(owner, young.id, list(1))).status).toBe(429);

    // A company past its first day has only the hourly allowance.
    const grown = await buildCompany(db, { owner: young.owner });
    await db
      .updateTable("companies")
      .set({ created_at: new Date(Date.now() - 25 * 3600_000).toISOString() })
      .where("id", "=", grown.id)
      .execute();
    expect((await invite(owner, grown.id, list(10))).status).toBe(200);
  });
});
