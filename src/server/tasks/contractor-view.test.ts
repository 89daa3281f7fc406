import { beforeAll, describe, expect, it } from "vitest";
import {
  buildTeam,
  signedInCompany,
  signedInContractor,
  type Team,
  taskIn,
} from "../../../test/support/factories.ts";
import { setUpTestApp } from "../../../test/support/test-app.ts";

const t = setUpTestApp();

const idsOf = (res: { json: { items: Array<{ id: string }> } }) => res.json.items.map((i) => i.id);

describe("My tasks", () => {
  describe("of a contractor who works for two companies", () => {
    let first: Team;
    let second: Team;
    let draft: string;
    let alpha: string;
    let beta: string;
    beforeAll(async () => {
      first = await buildTeam(t, "Alpha");
      const beta_ = await signedInCompany(t, "Beta");
      second = {
        company: beta_.company,
        owner: beta_.client,
        contractor: await signedInContractor(t, {
          companyId: beta_.company.id,
          user: first.contractor.user,
          accepted: true,
        }),
      };
      draft = await taskIn(first, "draft");
      alpha = await taskIn(first, "offered");
      beta = await taskIn(second, "in_review");
    });

    it("lists the tasks of every company they work for, newest first, with the company's name, never drafts", async () => {
      const all = await first.contractor.client.get("/api/me/tasks");
      expect(all.status).toBe(200);
      expect(idsOf(all)).toEqual([beta, alpha]);
      expect(all.json.items.map((i: { company: { name: string } }) => i.company.name)).toEqual([
        "Beta",
        "Alpha",
      ]);
    });

    it("filters by company and by status", async () => {
      const me = first.contractor.client;
      expect(idsOf(await me.get(`/api/me/tasks?companyId=${second.company.id}`))).toEqual([beta]);
      expect(idsOf(await me.get("/api/me/tasks?status=offered"))).toEqual([alpha]);
    });

    it("answers 404 for a draft", async () => {
      expect((await first.contractor.client.get(`/api/me/tasks/${draft}`)).status).toBe(404);
    });

    it("shows one task with its company and its history", async () => {
      const one = await first.contractor.client.get(`/api/me/tasks/${beta}`);
      expect(one.json.company).toEqual({ id: second.company.id, name: "Beta" });
      expect(one.json.history.map((h: { to: string }) => h.to)).toEqual([
        "draft",
        "offered",
        "in_progress",
        "in_review",
      ]);
    });
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
    const unproven = await signedInContractor(t, { companyId: team.company.id, accepted: false });
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
