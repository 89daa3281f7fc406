import { beforeAll, describe, expect, it } from "vitest";
import { recordEvents, taskOf } from "../../../test/support/events.ts";
import { buildTeam, ownerOf, type Team, taskInput } from "../../../test/support/factories.ts";
import { outboxTo } from "../../../test/support/mail.ts";
import { setUpTestApp } from "../../../test/support/test-app.ts";
import type { CreateTaskBody, Task } from "../../common/wire/tasks.ts";
import { transact } from "../kernel/transaction.ts";
import { createTask } from "./create-task.ts";
import { listCompanyTasks, taskHistory } from "./queries.ts";

const t = setUpTestApp();
let team: Team;
beforeAll(async () => {
  team = await buildTeam(t, "Wayne Works");
});

const create = (input: Partial<CreateTaskBody> = {}, on: Team = team): Promise<Task> =>
  transact(t.context, (tx) => createTask(tx, ownerOf(on), taskInput(input)));

describe("createTask", () => {
  it("makes a Draft numbered in its company, the amount in the currency's decimals", async () => {
    const fresh = await buildTeam(t);
    const first = await create({ amount: "99.5", currency: "EUR" }, fresh);
    const second = await create({}, fresh);
    expect(first).toMatchObject({
      number: 1,
      status: "draft",
      amount: "99.50",
      currency: "EUR",
      contractor: null,
    });
    expect(second.number).toBe(2);
  });

  it("records the creation in the task's history, by the owner", async () => {
    const task = await create();
    expect(await taskHistory(t.context.database.db, task.id)).toEqual([
      expect.objectContaining({
        from: null,
        to: "draft",
        actor: { id: team.company.owner.id, name: "Olivia Owner" },
      }),
    ]);
  });

  it("makes the task findable by the start of any word of its title", async () => {
    const task = await create({ title: "Catalogue the archive" });
    const page = await listCompanyTasks(t.context.database, team.company.id, { q: "archi" });
    expect(page.items.map((i) => i.id)).toContain(task.id);
  });

  it("sends it at once with `send`: Offered, created then offered in the history, and the offer queued to the contractor", async () => {
    const task = await create({ title: "Sent from the start", contractorId: team.contractor.id, send: true });
    expect(task.status).toBe("offered");
    expect((await taskHistory(t.context.database.db, task.id)).map((h) => h.to)).toEqual([
      "draft",
      "offered",
    ]);
    const offers = (await outboxTo(t, team.contractor.user.email)).filter((m) =>
      m.subject.endsWith("Sent from the start"),
    );
    expect(offers.map((m) => m.subject)).toEqual(["Wayne Works offered you a task: Sent from the start"]);
  });

  it("queues no email for a Draft", async () => {
    await create({ title: "Quiet draft", contractorId: team.contractor.id });
    const mails = await outboxTo(t, team.contractor.user.email);
    expect(mails.filter((m) => m.subject.endsWith("Quiet draft"))).toEqual([]);
  });

  it("invites a contractorEmail in the same transaction and gives them the task", async () => {
    const task = await create({ contractorEmail: "  New.Person@Example.org " });
    expect(task.contractor).toMatchObject({ email: "new.person@example.org", status: "invited" });
    const [invitation] = await outboxTo(t, "new.person@example.org");
    expect(invitation?.template).toBe("contractor-invitation-new");
  });

  it("refuses both a contractorId and a contractorEmail, naming contractorEmail", async () => {
    await expect(
      create({ contractorId: team.contractor.id, contractorEmail: "both@example.org" }),
    ).rejects.toMatchObject({ status: 400, extra: { errors: [{ field: "contractorEmail" }] } });
  });

  it("refuses to send a task with no contractor, naming contractorId", async () => {
    await expect(create({ send: true })).rejects.toMatchObject({
      status: 400,
      extra: { errors: [{ field: "contractorId" }] },
    });
  });

  it("tells the company's open lists after the commit", async () => {
    const events = recordEvents(t);
    try {
      const task = await create();
      const event = await events.waitFor((e) => taskOf(e)?.id === task.id);
      expect(event.audience).toEqual({ companyId: team.company.id, userIds: [] });
    } finally {
      events.stop();
    }
  });

  it("leaves no task, number, invitation or email behind when the transaction rolls back", async () => {
    const fresh = await buildTeam(t);
    await expect(
      transact(t.context, async (tx) => {
        await createTask(tx, ownerOf(fresh), taskInput({ contractorEmail: "never@example.org", send: true }));
        throw new Error("the rest of the unit of work failed");
      }),
    ).rejects.toThrow("the rest of the unit of work failed");
    expect((await listCompanyTasks(t.context.database, fresh.company.id, {})).items).toEqual([]);
    expect(await outboxTo(t, "never@example.org")).toEqual([]);
    expect((await create({}, fresh)).number).toBe(1);
  });
});
