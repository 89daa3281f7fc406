import { beforeAll, describe, expect, it } from "vitest";
import {
  buildContractor,
  buildTeam,
  signedInCompany,
  type Team,
  taskIn,
} from "../../../test/support/factories.ts";
import { inviteOne } from "../../../test/support/invitations.ts";
import { setUpTestApp } from "../../../test/support/test-app.ts";
import { uniqueEmail } from "../../../test/support/unique.ts";
import { formatMoney } from "../../common/money.ts";
import { transact } from "../kernel/transaction.ts";
import { bankAccount, companyAccount } from "../money/accounts.ts";
import { feeFor } from "../money/fee.ts";
import { postTransfers } from "../money/ledger.ts";
import { payForTasks, reserveForTasks } from "../money/task-payments.ts";

const t = setUpTestApp();
const DAY = 24 * 3600;

const overviewUrl = (companyId: string, today?: string) =>
  `/api/companies/${companyId}/overview${today ? `?today=${today}` : ""}`;

/** A contractor of the company who became Active `days` after the invitation. */
async function activeAfter(companyId: string, days: number, removed = false): Promise<void> {
  const { id } = await buildContractor(t.context.database.db, { companyId, status: "active" });
  const invitedAt = new Date(Date.UTC(2026, 0, 1, 9, 0, 0));
  const activatedAt = new Date(invitedAt.getTime() + days * DAY * 1000);
  await t.context.database.db
    .updateTable("contractors")
    .set({
      invited_at: invitedAt.toISOString(),
      accepted_at: invitedAt.toISOString(),
      activated_at: activatedAt.toISOString(),
      ...(removed ? { status: "removed", removed_at: activatedAt.toISOString() } : {}),
    })
    .where("id", "=", id)
    .execute();
}

describe("a company's overview", () => {
  it("a new company sees zeros everywhere and no median time to Active", async () => {
    const { company, client } = await signedInCompany(t, "Fresh Co");
    const res = await client.get(overviewUrl(company.id));
    expect(res.status, res.body).toBe(200);
    expect(res.json).toEqual({
      contractors: { invited: 0, active: 0, removed: 0 },
      funnel: { invited: 0, accepted: 0, active: 0, medianSecondsToActive: null },
      tasks: {
        byStatus: {
          draft: 0,
          offered: 0,
          in_progress: 0,
          in_review: 0,
          completed: 0,
          declined: 0,
          cancelled: 0,
        },
        overdue: 0,
      },
      spend: [],
    });
  });

  it("counts the team by status, and the funnel keeps a removed contractor at the step they reached", async () => {
    const { company, client } = await signedInCompany(t, "Funnel Co");
    const db = t.context.database.db;
    // Two invited by the Add dialog, one who accepted but has not completed the information yet.
    await inviteOne(client, company.id, uniqueEmail("ivy"));
    await inviteOne(client, company.id, uniqueEmail("ian"));
    await buildContractor(db, { companyId: company.id, accepted: true });
    // Two Active, one removed before accepting, one removed after being Active.
    await activeAfter(company.id, 2);
    await activeAfter(company.id, 4);
    await buildContractor(db, { companyId: company.id, status: "removed" });
    await activeAfter(company.id, 6, true);

    const res = await client.get(overviewUrl(company.id));
    expect(res.status, res.body).toBe(200);
    expect(res.json.contractors).toEqual({ invited: 3, active: 2, removed: 2 });
    expect(res.json.funnel).toEqual({ invited: 7, accepted: 4, active: 3, medianSecondsToActive: 4 * DAY });
  });

  it("the median time to Active is the middle one, or halfway between the two middle ones", async () => {
    const { company, client } = await signedInCompany(t, "Median Co");
    await activeAfter(company.id, 10);
    await activeAfter(company.id, 1);
    await activeAfter(company.id, 3);
    expect((await client.get(overviewUrl(company.id))).json.funnel.medianSecondsToActive).toBe(3 * DAY);

    await activeAfter(company.id, 5.5);
    expect((await client.get(overviewUrl(company.id))).json.funnel.medianSecondsToActive).toBe(4.25 * DAY);
  });

  describe("tasks", () => {
    let team: Team;
    beforeAll(async () => {
      team = await buildTeam(t, "Tasks Co");
      await taskIn(team, "draft", { deadline: "2026-03-10" });
      await taskIn(team, "offered", { deadline: "2026-03-14" });
      await taskIn(team, "in_progress", { deadline: "2026-03-16" });
      await taskIn(team, "in_progress");
      await taskIn(team, "completed", { deadline: "2026-03-01" });
      await taskIn(team, "cancelled", { deadline: "2026-03-01" });
    });

    it("counts the company's tasks by status", async () => {
      const res = await team.owner.get(overviewUrl(team.company.id, "2026-03-15"));
      expect(res.status, res.body).toBe(200);
      expect(res.json.tasks.byStatus).toEqual({
        draft: 1,
        offered: 1,
        in_progress: 2,
        in_review: 0,
        completed: 1,
        declined: 0,
        cancelled: 1,
      });
    });

    it("counts as overdue the unsettled tasks whose deadline is before the reader's today", async () => {
      const overdue = async (today: string) =>
        (await team.owner.get(overviewUrl(team.company.id, today))).json.tasks.overdue;
      // Settled tasks (completed, cancelled) are never late; a deadline of today is not late yet.
      expect(await overdue("2026-03-10")).toBe(0);
      expect(await overdue("2026-03-15")).toBe(2);
      expect(await overdue("2026-03-17")).toBe(3);
    });

    it("a day that is not a date is refused, naming the field", async () => {
      const res = await team.owner.get(overviewUrl(team.company.id, "15.03.2026"));
      expect(res.status).toBe(400);
      expect(res.json.errors).toEqual([
        { field: "today", message: expect.stringMatching(/^today must match format "date"/) },
      ]);
    });
  });

  describe("who may see it", () => {
    it("another company's overview is not found, and reveals nothing of it", async () => {
      const mine = await signedInCompany(t, "Mine Co");
      const theirs = await buildTeam(t, "Theirs Co");
      await taskIn(theirs, "offered");
      const res = await mine.client.get(overviewUrl(theirs.company.id));
      expect(res.status).toBe(404);
      expect(res.body).not.toContain("offered");
      // Their contractor, signed in, is not a member of the company either.
      expect((await theirs.contractor.client.get(overviewUrl(theirs.company.id))).status).toBe(404);
    });

    it("a signed-out visitor is asked to sign in", async () => {
      const { company } = await signedInCompany(t, "Closed Co");
      expect((await t.client().get(overviewUrl(company.id))).status).toBe(401);
    });

    it("the numbers are the company's own: another company's contractors and tasks are not counted", async () => {
      const a = await buildTeam(t, "Alpha Co");
      const b = await buildTeam(t, "Beta Co");
      await taskIn(a, "draft");
      await taskIn(b, "draft");
      await taskIn(b, "draft");
      const res = await a.owner.get(overviewUrl(a.company.id));
      expect(res.json.tasks.byStatus.draft).toBe(1);
      expect(res.json.contractors).toEqual({ invited: 1, active: 0, removed: 0 });
    });
  });
});

describe("the API documentation", () => {
  it("documents the overview route and its answer", async () => {
    const res = await t.client().get("/api/docs/json");
    expect(res.status).toBe(200);
    const route = res.json.paths["/api/companies/{cid}/overview"].get;
    expect(route.tags).toEqual(["Overview"]);
    expect(route.parameters.map((p: { name: string }) => p.name)).toContain("today");
    expect(JSON.stringify(route.responses["200"])).toContain("medianSecondsToActive");
  });
});

/**
 * A task of the team paid on `day` as money pays one: the company tops up the amount and the fee, sending
 * reserves them, accepting the result pays the contractor and the fee. Returns the fee, in minor units.
 */
async function paidTask(team: Team, amount: string, currency: string, day: string): Promise<number> {
  const taskId = await taskIn(team, "draft", { amount, currency });
  const minor = Number(amount.replace(".", ""));
  const fee = feeFor(minor, t.context.config.money.feeBasisPoints);
  const companyId = team.company.id;
  await transact(
    t.context,
    async (tx) => {
      await postTransfers(tx, [
        {
          id: `top-up:${taskId}`,
          kind: "top_up",
          amount: minor + fee,
          debit: bankAccount(currency),
          credit: companyAccount(companyId, "available", currency),
          reference: { type: "top_up", id: taskId, label: "Top-up" },
        },
      ]);
      await reserveForTasks(tx, {
        companyId,
        actorUserId: "",
        taskIds: [taskId],
        refuse: (_id, problem) => {
          throw problem;
        },
      });
      await payForTasks(tx, { companyId, taskIds: [taskId] });
    },
    new Date(`${day}T12:00:00Z`),
  );
  return fee;
}

describe("money per month", () => {
  it("the company's spend is its payments and fees per month and currency; the contractor's earnings are the payments, from every company", async () => {
    const team = await buildTeam(t, "Paying Co");
    const fees = [
      await paidTask(team, "250.00", "USD", "2026-10-05"),
      await paidTask(team, "100.00", "USD", "2026-10-28"),
      await paidTask(team, "80.50", "USD", "2026-11-02"),
      await paidTask(team, "5000", "JPY", "2026-11-15"),
    ];
    // The same contractor also works for another company, which pays them in November.
    const other = await buildTeam(t, "Other Co");
    await t.context.database.db
      .updateTable("contractors")
      .set({ user_id: team.contractor.user.id })
      .where("id", "=", other.contractor.id)
      .execute();
    const otherFee = await paidTask(other, "19.50", "USD", "2026-11-20");

    const usd = (minor: number) => formatMoney({ minor, currency: "USD" });
    const overview = await team.owner.get(overviewUrl(team.company.id));
    expect(overview.status, overview.body).toBe(200);
    expect(overview.json.spend).toEqual([
      { month: "2026-10", currency: "USD", amount: usd(35_000 + (fees[0] ?? 0) + (fees[1] ?? 0)) },
      { month: "2026-11", currency: "JPY", amount: String(5000 + (fees[3] ?? 0)) },
      { month: "2026-11", currency: "USD", amount: usd(8050 + (fees[2] ?? 0)) },
    ]);
    // The other company's payment is not this company's spend.
    expect((await other.owner.get(overviewUrl(other.company.id))).json.spend).toEqual([
      { month: "2026-11", currency: "USD", amount: usd(1950 + otherFee) },
    ]);

    const mine = await team.contractor.client.get("/api/me/overview");
    expect(mine.status, mine.body).toBe(200);
    expect(mine.json.earnings).toEqual([
      { month: "2026-10", currency: "USD", amount: "350.00" },
      { month: "2026-11", currency: "JPY", amount: "5000" },
      { month: "2026-11", currency: "USD", amount: "100.00" },
    ]);
  });

  it("someone paid nothing yet sees no earnings; a signed-out visitor is asked to sign in", async () => {
    const { client } = await signedInCompany(t, "Nothing Paid Co");
    expect((await client.get("/api/me/overview")).json).toEqual({ earnings: [] });
    expect((await t.client().get("/api/me/overview")).status).toBe(401);
  });
});
