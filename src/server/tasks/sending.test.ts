import { describe, expect, it } from "vitest";
import { buildTeam, taskInput } from "../../../test/support/factories.ts";
import { setUpTestApp } from "../../../test/support/test-app.ts";
import { conflict } from "../http/problem.ts";

const t = setUpTestApp();

/** A team whose sends a `tasks.sending` handler refuses over 1,000.00, as money refuses what it cannot fund. */
async function guardedTeam() {
  const team = await buildTeam(t);
  t.context.hooks.on("tasks.sending", async (tx, payload) => {
    if (payload.companyId !== team.company.id) return;
    const rows = await tx.db
      .selectFrom("tasks")
      .select(["id", "amount_minor"])
      .where("id", "in", payload.taskIds)
      .execute();
    for (const row of rows) {
      if (row.amount_minor > 100_000) payload.refuse(row.id, conflict("Add 234.50 USD to send this task."));
    }
  });
  return team;
}

describe("the sending gate (tasks.sending)", () => {
  it("keeps a task created with send as a Draft when a handler refuses it, and sends it when none does", async () => {
    const team = await guardedTeam();
    const url = `/api/companies/${team.company.id}/tasks`;
    const refused = await team.owner.post(
      url,
      taskInput({ contractorId: team.contractor.id, send: true, amount: "1234.50" }),
    );
    expect(refused.status, refused.body).toBe(201);
    expect(refused.json.status).toBe("draft");
    const sent = await team.owner.post(
      url,
      taskInput({ contractorId: team.contractor.id, send: true, amount: "999.00" }),
    );
    expect(sent.json.status).toBe("offered");
  });

  it("answers 409 with the handler's reason when a Draft is sent from its page, and leaves it a Draft", async () => {
    const team = await guardedTeam();
    const url = `/api/companies/${team.company.id}/tasks`;
    const draft = await team.owner.post(url, taskInput({ contractorId: team.contractor.id, amount: "5000" }));
    const res = await team.owner.post(`${url}/${draft.json.id}/send`);
    expect(res.status).toBe(409);
    expect(res.json.detail).toBe("Add 234.50 USD to send this task.");
    expect((await team.owner.get(`${url}/${draft.json.id}`)).json.status).toBe("draft");
    await t.deliverMail();
    expect(t.smtp.mailsTo(team.contractor.user.email)).toHaveLength(0);
  });
});
