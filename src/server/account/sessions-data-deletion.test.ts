import { describe, expect, it } from "vitest";
import { accountHolder, SAFARI_ON_IPHONE, signInAs } from "../../../test/support/account.ts";
import { buildCompany, buildTeam, GOOD_PASSWORD, taskIn } from "../../../test/support/factories.ts";
import { setUpTestApp } from "../../../test/support/test-app.ts";
import { prepareDueExports, purgeDueAccounts } from "./worker.ts";

const t = setUpTestApp();

describe("sessions", () => {
  it("lists each device with its browser, system and address, and signs out one or all others", async () => {
    const { user, client } = await accountHolder(t);
    const phone = t.client({ ip: "203.0.113.9" });
    expect((await signInAs(phone, user.email, SAFARI_ON_IPHONE)).status).toBe(200);
    const tablet = t.client();
    expect((await signInAs(tablet, user.email)).status).toBe(200);

    const listed = await client.get("/api/account/sessions");
    expect(listed.json.items).toHaveLength(3);
    expect(listed.json.items).toContainEqual(
      expect.objectContaining({
        browser: "Mobile Safari 17",
        system: "iOS 17",
        ip: "203.0.113.9",
        current: false,
      }),
    );
    expect(listed.json.items.filter((s: { current: boolean }) => s.current)).toEqual([
      expect.objectContaining({ browser: "Firefox 128", system: "Windows 10" }),
    ]);

    const phoneSession = listed.json.items.find((s: { ip: string }) => s.ip === "203.0.113.9");
    expect((await client.delete(`/api/account/sessions/${phoneSession.id}`)).status).toBe(204);
    expect((await phone.get("/api/me")).status).toBe(401);
    expect((await tablet.get("/api/me")).status).toBe(200);

    expect((await client.post("/api/account/sessions/sign-out-others")).status).toBe(204);
    expect((await tablet.get("/api/me")).status).toBe(401);
    expect((await client.get("/api/me")).status).toBe(200);
  });

  it("answers 404 for another person's session", async () => {
    const a = await accountHolder(t);
    const b = await accountHolder(t);
    const [theirs] = (await b.client.get("/api/account/sessions")).json.items;
    expect((await a.client.delete(`/api/account/sessions/${theirs.id}`)).status).toBe(404);
    expect((await b.client.get("/api/me")).status).toBe(200);
  });
});

describe("your data", () => {
  it("prepares the archive in the background, emails when ready, and downloads it to its owner alone", async () => {
    const team = await buildTeam(t);
    await taskIn(team, "in_progress", { title: "Translate the price list" });
    const me = team.contractor.client;
    const asked = await me.post("/api/account/exports");
    expect(asked.status).toBe(202);
    expect(asked.json.status).toBe("preparing");
    expect(await prepareDueExports(t.context)).toBe(1);

    const [ready] = (await me.get("/api/account/exports")).json.items;
    expect(ready.status).toBe("ready");
    const download = await me.get(`/api/account/exports/${ready.id}/archive`);
    expect(download.status).toBe(200);
    expect(download.headers["content-disposition"]).toContain("attachment");
    expect(download.json.profile.email).toBe(team.contractor.user.email);
    expect(download.json.tasks.map((task: { title: string }) => task.title)).toEqual([
      "Translate the price list",
    ]);
    expect(download.json.companiesYouWorkFor).toEqual([
      expect.objectContaining({ company: team.company.name }),
    ]);

    await t.deliverMail();
    const subjects = t.smtp.mailsTo(team.contractor.user.email).map((m) => m.subject);
    expect(subjects).toContain("Your Crewdesk data is ready to download");
    expect((await team.owner.get(`/api/account/exports/${ready.id}/archive`)).status).toBe(404);
  });
});

describe("deleting the account", () => {
  it("refuses a company's last owner, naming the company", async () => {
    const company = await buildCompany(t.context.database.db);
    const { client, user } = await accountHolder(t);
    await t.context.database.db
      .updateTable("memberships")
      .set({ user_id: user.id })
      .where("company_id", "=", company.id)
      .execute();
    const res = await client.post("/api/account/deletion", { currentPassword: GOOD_PASSWORD });
    expect(res.status).toBe(409);
    expect(res.json.detail).toContain(company.name);
    expect((await client.get("/api/me")).status).toBe(200);
  });

  it("signs out everywhere, and signing in during the grace period cancels it", async () => {
    const { user, client } = await accountHolder(t);
    const res = await client.post("/api/account/deletion", { currentPassword: GOOD_PASSWORD });
    expect(res.status).toBe(202);
    expect((await client.get("/api/me")).status).toBe(401);
    const due = await t.context.database.db
      .selectFrom("users")
      .select("deletion_due_at")
      .where("id", "=", user.id)
      .executeTakeFirstOrThrow();
    expect(due.deletion_due_at).not.toBeNull();

    const back = t.client();
    expect((await signInAs(back, user.email)).status).toBe(200);
    expect((await back.get("/api/account")).json.deletionDueAt).toBeNull();
    const later = new Date(Date.now() + 8 * 24 * 3600 * 1000);
    expect(await purgeDueAccounts(t.context, later)).toBe(0);
    expect((await back.get("/api/me")).status).toBe(200);
  });

  it("after the grace period, leaves the companies' tasks under the name Deleted user", async () => {
    const team = await buildTeam(t);
    const taskId = await taskIn(team, "completed");
    const contractor = team.contractor.user;
    await t.context.database.db
      .updateTable("users")
      .set({ deletion_due_at: new Date(Date.now() - 1000).toISOString() })
      .where("id", "=", contractor.id)
      .execute();
    expect(await purgeDueAccounts(t.context)).toBe(1);
    const task = await team.owner.get(`/api/companies/${team.company.id}/tasks/${taskId}`);
    expect(task.status).toBe(200);
    expect(task.json.contractor.name).toBe("Deleted user");
    expect(task.json.contractor.email).not.toBe(contractor.email);
    expect((await team.contractor.client.get("/api/me")).status).toBe(401);
    expect((await signInAs(t.client(), contractor.email)).status).toBe(401);
  });
});
