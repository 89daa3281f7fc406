import { describe, expect, it } from "vitest";
import {
  buildMembership,
  buildTeam,
  buildUser,
  signedInClient,
  taskIn,
  taskInput,
} from "../../../test/support/factories.ts";
import { balanceOf, fundCompany } from "../../../test/support/money.ts";
import { setUpTestApp, startTestApp } from "../../../test/support/test-app.ts";
import { checkLedger } from "./check-ledger.ts";

const t = setUpTestApp({ PAYMENTS: "prepaid", PLATFORM_FEE_PERCENT: "2.5" });

describe("paying for tasks", () => {
  it("refuses to send a task the balance cannot cover: 409 naming the shortfall, the task stays a draft", async () => {
    const team = await buildTeam(t);
    await fundCompany(t, team.company, "1000.00");
    const cid = team.company.id;
    const created = await team.owner.post(
      `/api/companies/${cid}/tasks`,
      taskInput({ contractorId: team.contractor.id, amount: "1000.00" }),
    );
    const sent = await team.owner.post(`/api/companies/${cid}/tasks/${created.json.id}/send`, {});
    expect(sent.status).toBe(409);
    expect(sent.json.shortfall).toEqual({ amount: "25.00", currency: "USD" });
    expect(sent.json.detail).toContain("25.00 USD");
    const task = await team.owner.get(`/api/companies/${cid}/tasks/${created.json.id}`);
    expect(task.json.status).toBe("draft");
    expect(await balanceOf(t, cid)).toEqual({ available: 100_000, reserved: 0 });
  });

  it("creates a task sent without enough money as a draft marked unfunded, with what is missing", async () => {
    const team = await buildTeam(t);
    const created = await team.owner.post(
      `/api/companies/${team.company.id}/tasks`,
      taskInput({ contractorId: team.contractor.id, amount: "100.00", send: true }),
    );
    expect(created.status).toBe(201);
    expect(created.json.status).toBe("draft");
    expect(created.json.payment).toEqual({ status: "unfunded", fee: "2.50", shortfall: "102.50" });
  });

  it("reserves amount and fee on send, pays the contractor and the fee on the company's acceptance", async () => {
    const team = await buildTeam(t);
    const cid = team.company.id;
    await fundCompany(t, team.company, "500.00");
    const id = await taskIn(team, "in_review", { amount: "200.00" });
    expect(await balanceOf(t, cid)).toEqual({ available: 29_500, reserved: 20_500 });
    const review = await team.owner.get(`/api/companies/${cid}/tasks/${id}`);
    expect(review.json.payment).toEqual({ status: "reserved", fee: "5.00" });

    const accepted = await team.owner.post(`/api/companies/${cid}/tasks/${id}/accept`, {});
    expect(accepted.status).toBe(200);
    expect(accepted.json.payment).toEqual({ status: "paid", fee: "5.00" });
    expect(await balanceOf(t, cid)).toEqual({ available: 29_500, reserved: 0 });
    const earnings = await team.contractor.client.get("/api/me/balances");
    expect(earnings.json.items).toEqual([{ currency: "USD", available: "200.00", withdrawing: "0.00" }]);
    const history = await team.contractor.client.get("/api/me/transfers");
    expect(history.json.items).toEqual([
      expect.objectContaining({ kind: "payment", amount: "200.00", direction: "in", account: "available" }),
    ]);
    expect(history.json.items[0].reference).toMatchObject({ type: "task", id });
    expect(await checkLedger(t.context.database.db)).toEqual([]);
  });

  it("returns the whole reservation when the contractor declines or the company cancels", async () => {
    const team = await buildTeam(t);
    const cid = team.company.id;
    await fundCompany(t, team.company, "300.00");
    const declined = await taskIn(team, "declined", { amount: "100.00" });
    const cancelled = await taskIn(team, "cancelled", { amount: "100.00" });
    await taskIn(team, "in_progress", { amount: "50.00" }).then((id) =>
      team.owner.post(`/api/companies/${cid}/tasks/${id}/cancel`, {}),
    );
    expect(await balanceOf(t, cid)).toEqual({ available: 30_000, reserved: 0 });
    const task = await team.owner.get(`/api/companies/${cid}/tasks/${declined}`);
    expect(task.json.payment).toEqual({ status: "released", fee: "2.50" });
    const list = await team.owner.get(`/api/companies/${cid}/transfers?kind=release`);
    expect(list.json.items.map((e: { reference: { id: string } }) => e.reference.id)).toContain(cancelled);
    expect(await checkLedger(t.context.database.db)).toEqual([]);
  });

  it("returns the reservations of the offers withdrawn when a contractor is removed", async () => {
    const team = await buildTeam(t);
    const cid = team.company.id;
    await fundCompany(t, team.company, "100.00");
    await taskIn(team, "offered", { amount: "40.00" });
    await taskIn(team, "offered", { amount: "50.00" });
    expect((await balanceOf(t, cid)).reserved).toBe(9_225);
    const removed = await team.owner.delete(`/api/companies/${cid}/contractors/${team.contractor.id}`);
    expect(removed.status).toBe(204);
    expect(await balanceOf(t, cid)).toEqual({ available: 10_000, reserved: 0 });
  });

  it("shows the company's transfers: what, when, which task, each side of a move between its own accounts", async () => {
    const team = await buildTeam(t);
    const cid = team.company.id;
    await fundCompany(t, team.company, "100.00");
    const id = await taskIn(team, "offered", { amount: "10.00" });
    const list = await team.owner.get(`/api/companies/${cid}/transfers`);
    expect(list.status).toBe(200);
    const [reserveOut, reserveIn, topUp] = list.json.items;
    expect(reserveOut).toMatchObject({
      kind: "reserve",
      account: "available",
      direction: "out",
      amount: "10.25",
    });
    expect(reserveIn).toMatchObject({
      kind: "reserve",
      account: "reserved",
      direction: "in",
      amount: "10.25",
    });
    expect(reserveOut.reference).toMatchObject({ type: "task", id });
    expect(topUp).toMatchObject({ kind: "top_up", direction: "in", amount: "100.00" });
    const csv = await team.owner.get(`/api/companies/${cid}/transfers.csv`);
    expect(csv.headers["content-type"]).toContain("text/csv");
    expect(csv.body).toContain('"-10.25","USD","Task #');
    const balances = await team.owner.get(`/api/companies/${cid}/balances`);
    expect(balances.json.items).toEqual([{ currency: "USD", available: "89.75", reserved: "10.25" }]);
  });

  it("answers 404 for another company's balances and transfers", async () => {
    const team = await buildTeam(t);
    const other = await buildTeam(t);
    for (const path of ["balances", "transfers", "top-ups"]) {
      const res = await team.owner.get(`/api/companies/${other.company.id}/${path}`);
      expect(res.status).toBe(404);
    }
  });

  it("with PAYMENTS=off sends and completes tasks without moving any money, and has no money routes", async () => {
    const off = await startTestApp({ PAYMENTS: "off" });
    try {
      const team = await buildTeam(off);
      const id = await taskIn(team, "completed", { amount: "999.00" });
      const task = await team.owner.get(`/api/companies/${team.company.id}/tasks/${id}`);
      expect(task.json.status).toBe("completed");
      expect(task.json.payment).toBeNull();
      const balances = await team.owner.get(`/api/companies/${team.company.id}/balances`);
      expect(balances.status).toBe(404);
      const settings = await team.owner.get("/api/money/settings");
      expect(settings.json.payments).toBe("off");
      const transfers = await off.context.database.db.selectFrom("ledger_transfers").select("id").execute();
      expect(transfers).toEqual([]);
    } finally {
      await off.close();
    }
  });

  it("lets a manager see the balance but not ask for a top-up", async () => {
    const team = await buildTeam(t);
    const manager = await buildUser(t.context.database.db);
    await buildMembership(t.context.database.db, team.company.id, manager);
    const client = await signedInClient(t, manager);
    expect((await client.get(`/api/companies/${team.company.id}/balances`)).status).toBe(200);
    const asked = await client.post(`/api/companies/${team.company.id}/top-ups`, {
      amount: "10",
      currency: "USD",
    });
    expect(asked.status).toBe(403);
  });
});
