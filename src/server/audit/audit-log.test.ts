import { describe, expect, it } from "vitest";
import { withAuthenticator } from "../../../test/support/account.ts";
import {
  buildMembership,
  buildTeam,
  buildUser,
  signedInClient,
  signedInCompany,
  taskIn,
} from "../../../test/support/factories.ts";
import { invite } from "../../../test/support/invitations.ts";
import { setUpTestApp } from "../../../test/support/test-app.ts";
import { unique } from "../../../test/support/unique.ts";
import { inviteContractors } from "../contractors/invite-contractors.ts";
import { transact } from "../kernel/transaction.ts";

const t = setUpTestApp();

const auditOf = async (client: Awaited<ReturnType<typeof signedInCompany>>["client"], cid: string, q = "") =>
  client.get(`/api/companies/${cid}/audit${q}`);

describe("the company audit log", () => {
  it("records one entry per invited address of a bulk invitation, with the person and the door", async () => {
    const { company, owner, client } = await signedInCompany(t);
    const emails = [1, 2, 3].map(() => `${unique()}@example.com`);
    expect((await invite(client, company.id, emails.join(", "))).status).toBe(200);
    const res = await auditOf(client, company.id, "?action=contractor.invited");
    expect(res.status).toBe(200);
    expect(res.json.items).toHaveLength(3);
    expect(res.json.items.map((e: { summary: string }) => e.summary).sort()).toEqual(
      emails.map((e) => `Invited ${e}`).sort(),
    );
    expect(res.json.items[0]).toMatchObject({
      action: "contractor.invited",
      door: "web",
      person: { id: owner.id, name: owner.name, deleted: false },
      subjectType: "contractor",
    });
  });

  it("records task moves by both sides, filters by person, door and dates, and pages with a cursor", async () => {
    const team = await buildTeam(t);
    const cid = team.company.id;
    await taskIn(team, "completed");
    const all = (await team.owner.get(`/api/companies/${cid}/audit`)).json.items as Array<{
      action: string;
      person: { id: string } | null;
    }>;
    expect(all.map((e) => e.action)).toEqual([
      "task.completed",
      "task.submitted",
      "task.accepted",
      "task.sent",
      "task.created",
    ]);
    const byContractor = await team.owner.get(
      `/api/companies/${cid}/audit?person=${team.contractor.user.id}`,
    );
    expect(byContractor.json.items.map((e: { action: string }) => e.action)).toEqual([
      "task.submitted",
      "task.accepted",
    ]);
    expect((await team.owner.get(`/api/companies/${cid}/audit?door=api`)).json.items).toEqual([]);
    expect((await team.owner.get(`/api/companies/${cid}/audit?to=2001-01-01`)).json.items).toEqual([]);
    const today = new Date().toISOString().slice(0, 10);
    expect((await team.owner.get(`/api/companies/${cid}/audit?from=${today}`)).json.items).toHaveLength(5);

    const first = await team.owner.get(`/api/companies/${cid}/audit?action=task.sent`);
    expect(first.json.items).toHaveLength(1);
    expect(first.json.nextCursor).toBeNull();
    const people = await team.owner.get(`/api/companies/${cid}/audit/people`);
    expect(people.json.items.map((p: { id: string }) => p.id).sort()).toEqual(
      [team.company.owner.id, team.contractor.user.id].sort(),
    );
  });

  it("writes nothing when the change rolls back", async () => {
    const { company } = await signedInCompany(t);
    const actor = { companyId: company.id, userId: company.owner.id };
    await expect(
      transact(t.context, async (tx) => {
        await inviteContractors(tx, actor, { entries: [{ email: `${unique()}@example.com`, name: null }] });
        throw new Error("the change fails after the invitation");
      }),
    ).rejects.toThrow("the change fails");
    const rows = await t.context.database.db
      .selectFrom("audit_entries")
      .select("id")
      .where("company_id", "=", company.id)
      .execute();
    expect(rows).toEqual([]);
  });

  it("records a removal and a resend, and the two-step requirement change", async () => {
    const { company, client, owner } = await signedInCompany(t);
    // The owner has the second step: requiring it leaves their own way in open.
    await withAuthenticator(t, owner.id);
    const [a, b] = [`${unique()}@example.com`, `${unique()}@example.com`];
    const { results } = await invite(client, company.id, `${a}, ${b}`);
    const [ra, rb] = results;
    await client.post(`/api/companies/${company.id}/contractors/${ra?.contractorId}/resend-invitation`);
    await client.delete(`/api/companies/${company.id}/contractors/${rb?.contractorId}`);
    await client.put(`/api/companies/${company.id}/two-step-requirement`, { required: true });
    const actions = (await auditOf(client, company.id)).json.items.map((e: { action: string }) => e.action);
    expect(actions.slice(0, 3)).toEqual([
      "company.two_step_changed",
      "contractor.removed",
      "contractor.invitation_resent",
    ]);
  });

  it("shows a person who deleted their account as deleted", async () => {
    const { company, client } = await signedInCompany(t);
    const manager = await buildUser(t.context.database.db, { name: "Mona Manager" });
    await buildMembership(t.context.database.db, company.id, manager);
    const managerClient = await signedInClient(t, manager);
    await invite(managerClient, company.id, `${unique()}@example.com`);
    await t.context.database.db
      .updateTable("users")
      .set({ name: "Deleted user", deleted_at: new Date().toISOString() })
      .where("id", "=", manager.id)
      .execute();
    const [entry] = (await auditOf(client, company.id)).json.items;
    expect(entry.person).toEqual({ id: manager.id, name: "Deleted person", email: null, deleted: true });
  });

  it("exports the filtered log as CSV", async () => {
    const { company, client } = await signedInCompany(t);
    const email = `${unique()}@example.com`;
    await invite(client, company.id, `=cmd@example.com, ${email}`);
    const res = await client.get(`/api/companies/${company.id}/audit.csv?action=contractor.invited`);
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toContain("text/csv");
    const lines = res.body
      .replace(/^\ufeff/, "")
      .trim()
      .split("\r\n");
    expect(lines[0]).toContain('"Action"');
    expect(
      lines.slice(1).some((l) => l.includes(`"Invited ${email}"`) && l.includes('"Contractor invited"')),
    ).toBe(true);
  });

  it("answers 404 to a manager and to another company's owner", async () => {
    const { company } = await signedInCompany(t);
    const other = await signedInCompany(t);
    const manager = await buildUser(t.context.database.db);
    await buildMembership(t.context.database.db, company.id, manager);
    const managerClient = await signedInClient(t, manager);
    expect((await managerClient.get(`/api/companies/${company.id}/audit`)).status).toBe(404);
    expect((await other.client.get(`/api/companies/${company.id}/audit`)).status).toBe(404);
    expect((await other.client.get(`/api/companies/${company.id}/audit.csv`)).status).toBe(404);
  });
});
