import { describe, expect, it } from "vitest";
import { buildTeam, taskInput } from "../../../test/support/factories.ts";
import { balanceOf, fundCompany } from "../../../test/support/money.ts";
import { setUpTestApp } from "../../../test/support/test-app.ts";
import { checkLedger } from "./check-ledger.ts";

const t = setUpTestApp({ PAYMENTS: "prepaid" });

describe("sends racing for the same money", () => {
  it("100 parallel sends against a balance that covers 50: exactly 50 Offered, 50 Drafts with a 409", async () => {
    const team = await buildTeam(t);
    const cid = team.company.id;
    await fundCompany(t, team.company, "500.00");
    const ids: string[] = [];
    for (let i = 0; i < 100; i++) {
      const created = await team.owner.post(
        `/api/companies/${cid}/tasks`,
        taskInput({ title: `Race ${i}`, contractorId: team.contractor.id, amount: "10.00" }),
      );
      ids.push(created.json.id);
    }
    const answers = await Promise.all(
      ids.map((id) => team.owner.post(`/api/companies/${cid}/tasks/${id}/send`, {})),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(50);
    expect(statuses.filter((s) => s === 409)).toHaveLength(50);
    for (const refused of answers.filter((a) => a.status === 409)) {
      expect(refused.json.shortfall).toEqual({ amount: "10.00", currency: "USD" });
    }
    const rows = await t.context.database.db
      .selectFrom("tasks")
      .select(["status", (eb) => eb.fn.countAll<number>().as("n")])
      .where("company_id", "=", cid)
      .groupBy("status")
      .execute();
    expect(Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]))).toEqual({ offered: 50, draft: 50 });
    expect(await balanceOf(t, cid)).toEqual({ available: 0, reserved: 50_000 });
    expect(await checkLedger(t.context.database.db)).toEqual([]);
  });

  it("two sends against the same last 100: one wins, the other gets a clear 409, never a negative balance", async () => {
    const team = await buildTeam(t);
    const cid = team.company.id;
    await fundCompany(t, team.company, "100.00");
    const make = () =>
      team.owner.post(
        `/api/companies/${cid}/tasks`,
        taskInput({ contractorId: team.contractor.id, amount: "100.00" }),
      );
    const [a, b] = await Promise.all([make(), make()]);
    const sends = await Promise.all(
      [a, b].map((c) => team.owner.post(`/api/companies/${cid}/tasks/${c.json.id}/send`, {})),
    );
    expect(sends.map((s) => s.status).sort()).toEqual([200, 409]);
    expect(await balanceOf(t, cid)).toEqual({ available: 0, reserved: 10_000 });
  });
});
