import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCompany, signedInClient } from "../../../test/support/factories.ts";
import { startTestApp, type TestApp } from "../../../test/support/test-app.ts";
import { addContractor, buildTeam, type Team, taskIn } from "./testing.ts";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const idsOf = (res: { json: { items: Array<{ id: string }> } }) => res.json.items.map((i) => i.id);

describe("My tasks", () => {
  it("shows the contractor's tasks of every company they work for, never drafts, filtered by company", async () => {
    const first: Team = await buildTeam(t, "Alpha");
    const secondCompany = await buildCompany(t.context.database.db, { name: "Beta" });
    const inBeta = await addContractor(t, secondCompany.id, { user: first.contractor.user });
    const second: Team = {
      company: secondCompany,
      owner: await signedInClient(t, secondCompany.owner),
      contractor: inBeta,
    };

    const draft = await taskIn(first, "draft");
    const alpha = await taskIn(first, "offered");
    const beta = await taskIn(second, "in_review");
    const me = first.contractor.client;

    const all = await me.get("/api/me/tasks");
    expect(all.status).toBe(200);
    expect(idsOf(all)).toEqual([beta, alpha]);
    expect(all.json.items.map((i: { company: { name: string } }) => i.company.name)).toEqual([
      "Beta",
      "Alpha",
    ]);
    expect(idsOf(await me.get(`/api/me/tasks?companyId=${secondCompany.id}`))).toEqual([beta]);
    expect(idsOf(await me.get("/api/me/tasks?status=offered"))).toEqual([alpha]);
    expect((await me.get(`/api/me/tasks/${draft}`)).status).toBe(404);

    const one = await me.get(`/api/me/tasks/${beta}`);
    expect(one.json.company).toEqual({ id: secondCompany.id, name: "Beta" });
    expect(one.json.history.map((h: { to: string }) => h.to)).toEqual([
      "draft",
      "offered",
      "in_progress",
      "in_review",
    ]);
  });

  it("lets an Invited contractor who proved their mailbox see and start tasks at once", async () => {
    const team = await buildTeam(t);
    const id = await taskIn(team, "offered");
    const res = await team.contractor.client.post(`/api/me/tasks/${id}/accept`);
    expect(res.status).toBe(200);
    expect(res.json.contractor.status).toBe("invited");
    expect(res.json.status).toBe("in_progress");
  });

  it("shows nothing of a company to an account that has not proved it owns the address", async () => {
    const team = await buildTeam(t);
    const unproven = await addContractor(t, team.company.id, { accepted: false });
    const created = await team.owner.post(`/api/companies/${team.company.id}/tasks`, {
      title: "Sent before acceptance",
      amount: "10",
      currency: "USD",
      contractorId: unproven.id,
      send: true,
    });
    expect(created.status).toBe(201);
    expect(idsOf(await unproven.client.get("/api/me/tasks"))).toEqual([]);
    expect((await unproven.client.get(`/api/me/tasks/${created.json.id}`)).status).toBe(404);
    expect((await unproven.client.post(`/api/me/tasks/${created.json.id}/accept`)).status).toBe(404);
  });

  it("leaves a removed contractor only the tasks in progress or in review, which they can still finish", async () => {
    const team = await buildTeam(t);
    const offered = await taskIn(team, "offered");
    const inProgress = await taskIn(team, "in_progress");
    const inReview = await taskIn(team, "in_review");
    await taskIn(team, "completed");
    const now = new Date().toISOString();
    await t.context.database.db
      .updateTable("contractors")
      .set({ status: "removed", removed_at: now, updated_at: now })
      .where("id", "=", team.contractor.id)
      .execute();
    const me = team.contractor.client;
    expect(idsOf(await me.get("/api/me/tasks"))).toEqual([inReview, inProgress]);
    expect((await me.get(`/api/me/tasks/${offered}`)).status).toBe(404);
    expect((await me.post(`/api/me/tasks/${offered}/accept`)).status).toBe(404);
    const submitted = await me.post(`/api/me/tasks/${inProgress}/submit`, { result: "Finished anyway" });
    expect(submitted.status).toBe(200);
    expect(submitted.json.contractor.status).toBe("removed");
  });
});
