import { describe, expect, it } from "vitest";
import {
  accountHolder,
  authenticatorCode,
  awayFromStepEdge,
  withAuthenticator,
} from "../../../test/support/account.ts";
import {
  buildCompany,
  buildMembership,
  GOOD_PASSWORD,
  signedInContractor,
  type Team,
  taskIn,
} from "../../../test/support/factories.ts";
import { outboxTo } from "../../../test/support/mail.ts";
import { balanceOf, fundCompany } from "../../../test/support/money.ts";
import { setUpTestApp } from "../../../test/support/test-app.ts";

const t = setUpTestApp({ PAYMENTS: "prepaid", WEBHOOKS_ALLOW_PRIVATE: "1" });

/** A company whose owner has a real password and is signed in, with one contractor who accepted. */
async function ownedTeam(): Promise<Team & { ownerUser: Awaited<ReturnType<typeof accountHolder>>["user"] }> {
  const holder = await accountHolder(t);
  const company = await buildCompany(t.context.database.db, { owner: holder.user });
  const contractor = await signedInContractor(t, { companyId: company.id, accepted: true });
  return { company, owner: holder.client, contractor, ownerUser: holder.user };
}

const deletion = (team: Team, body: object = { currentPassword: GOOD_PASSWORD }) =>
  team.owner.post(`/api/companies/${team.company.id}/deletion`, body);

describe("deleting a company", () => {
  it("is refused while the company holds money or has tasks under way, saying what to do", async () => {
    const team = await ownedTeam();
    await fundCompany(t, team.company, "100.00");
    await taskIn(team, "in_progress", { amount: "20.00" });

    const refused = await deletion(team);
    expect(refused.status).toBe(409);
    expect(refused.json.detail).toContain(`${team.company.name} cannot be deleted yet.`);
    expect(refused.json.detail).toContain(
      "20.00 USD is reserved for tasks: cancel them or accept their results.",
    );
    expect(refused.json.detail).toContain("80.00 USD is available");
    expect(refused.json.detail).toContain("1 task is still offered, in progress or in review");
    // Nothing changed.
    expect((await team.owner.get(`/api/companies/${team.company.id}/contractors`)).status).toBe(200);
    expect((await team.contractor.client.get("/api/me")).json.contractorOf).toHaveLength(1);
  });

  it("closes a settled company: members and contractors lose it at once, its records stay, everyone is told", async () => {
    const team = await ownedTeam();
    const db = t.context.database.db;
    const cid = team.company.id;
    const manager = await accountHolder(t);
    await buildMembership(db, cid, manager.user, "manager");
    await fundCompany(t, team.company, "20.00");
    const taskId = await taskIn(team, "completed", { amount: "20.00" });
    expect(await balanceOf(t, cid)).toEqual({ available: 0, reserved: 0 });
    const created = await team.owner.post(`/api/companies/${cid}/api-tokens`, { name: "ERP", role: "owner" });
    expect(created.status).toBe(201);
    const viaToken = () =>
      t.client({ origin: null }).request({
        method: "GET",
        url: `/api/companies/${cid}/contractors`,
        headers: { authorization: `Bearer ${created.json.token}` },
      });
    expect((await viaToken()).status).toBe(200);
    const hook = await team.owner.post(`/api/companies/${cid}/webhooks`, {
      url: "http://127.0.0.1:9/crewdesk",
      events: ["task.status_changed"],
    });
    expect(hook.status).toBe(201);
    const before = await team.owner.get("/api/account");
    expect(before.json.companies).toEqual([expect.objectContaining({ id: cid, onlyOwner: true })]);
    // The last owner cannot delete their account yet.
    expect((await team.owner.post("/api/account/deletion", { currentPassword: GOOD_PASSWORD })).status).toBe(
      409,
    );

    expect(
      (await manager.client.post(`/api/companies/${cid}/deletion`, { currentPassword: GOOD_PASSWORD }))
        .status,
    ).toBe(403);
    const wrong = await deletion(team, { currentPassword: "not the password at all" });
    expect(wrong.status).toBe(400);
    expect((await manager.client.get(`/api/companies/${cid}/contractors`)).status).toBe(200);

    expect((await deletion(team)).status).toBe(204);

    for (const client of [team.owner, manager.client])
      expect((await client.get(`/api/companies/${cid}/contractors`)).status).toBe(404);
    // Its API tokens were revoked with it, and its webhooks turned off.
    expect((await viaToken()).status).toBe(401);
    const endpoint = await db
      .selectFrom("webhook_endpoints")
      .select(["status", "disabled_reason"])
      .where("id", "=", hook.json.webhook.id)
      .executeTakeFirstOrThrow();
    expect(endpoint).toEqual({ status: "disabled", disabled_reason: "The company was deleted." });
    expect((await team.owner.get("/api/me")).json.companies).toEqual([]);
    expect((await manager.client.get("/api/me")).json.companies).toEqual([]);
    expect((await team.contractor.client.get("/api/me")).json.contractorOf).toEqual([]);

    // The books stay: the task, its payment, the contractor's earnings.
    const task = await db.selectFrom("tasks").select(["status"]).where("id", "=", taskId).executeTakeFirst();
    expect(task?.status).toBe("completed");
    const company = await db
      .selectFrom("companies")
      .selectAll()
      .where("id", "=", cid)
      .executeTakeFirstOrThrow();
    expect(company.closed_at).not.toBeNull();

    const audit = await db
      .selectFrom("audit_entries")
      .selectAll()
      .where("company_id", "=", cid)
      .where("action", "=", "company.deleted")
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_user_id: team.ownerUser.id, subject_id: cid, door: "web" });

    expect((await outboxTo(t, team.ownerUser.email)).map((m) => m.subject)).toContain(
      `${team.company.name} was deleted on Crewdesk`,
    );
    expect((await outboxTo(t, manager.user.email)).map((m) => m.subject)).toContain(
      `${team.company.name} was deleted on Crewdesk`,
    );
    expect((await outboxTo(t, team.contractor.user.email)).map((m) => m.subject)).toContain(
      `${team.company.name} closed its Crewdesk account`,
    );

    // Now the account deletion proceeds; deleting the company again finds nothing.
    expect((await deletion(team)).status).toBe(404);
    const account = await team.owner.post("/api/account/deletion", { currentPassword: GOOD_PASSWORD });
    expect(account.status).toBe(202);
  });

  it("asks for the second step of an owner who has one, and is another company's 404", async () => {
    const team = await ownedTeam();
    const secret = await withAuthenticator(t, team.ownerUser.id);
    const noCode = await deletion(team);
    expect(noCode.status).toBe(400);
    expect(noCode.json.errors).toEqual([expect.objectContaining({ field: "code" })]);

    const stranger = await accountHolder(t);
    const other = await stranger.client.post(`/api/companies/${team.company.id}/deletion`, {
      currentPassword: GOOD_PASSWORD,
    });
    expect(other.status).toBe(404);

    await awayFromStepEdge();
    const done = await deletion(team, { currentPassword: GOOD_PASSWORD, code: authenticatorCode(secret) });
    expect(done.status).toBe(204);
  });
});
