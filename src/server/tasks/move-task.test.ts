import { beforeAll, describe, expect, it } from "vitest";
import { recordEvents, taskOf } from "../../../test/support/events.ts";
import { buildTeam, type Team, taskIn } from "../../../test/support/factories.ts";
import { outboxTo } from "../../../test/support/mail.ts";
import { rowOf } from "../../../test/support/rows.ts";
import { setUpTestApp } from "../../../test/support/test-app.ts";
import type { TaskStatus } from "../../common/task-status.ts";
import { transact } from "../kernel/transaction.ts";
import type { TaskActorRef } from "./access.ts";
import { type MoveInput, moveTask } from "./move-task.ts";
import { taskHistory } from "./queries.ts";

const t = setUpTestApp();
let team: Team;
beforeAll(async () => {
  team = await buildTeam(t, "Stark Studio");
});

const company = (): TaskActorRef => ({
  side: "company",
  companyId: team.company.id,
  userId: team.company.owner.id,
});
const contractor = (): TaskActorRef => ({ side: "contractor", userId: team.contractor.user.id });

const move = (actor: TaskActorRef, input: MoveInput) =>
  transact(t.context, (tx) => moveTask(tx, actor, input));

const statusOf = async (taskId: string): Promise<TaskStatus> => (await rowOf(t, "tasks", taskId)).status;

const outboxFor = async (recipient: string, taskTitle: string) =>
  (await outboxTo(t, recipient)).filter((m) => m.subject.endsWith(taskTitle));

describe("moveTask", () => {
  it("moves the task along the table for the side that may, and answers it", async () => {
    const id = await taskIn(team, "offered");
    const moved = await move(contractor(), { taskId: id, action: "accept" });
    expect(moved).toMatchObject({ id, status: "in_progress" });
    expect(await statusOf(id)).toBe("in_progress");
  });

  it("records who moved it, from which status to which, and the comment", async () => {
    const id = await taskIn(team, "offered");
    await move(company(), { taskId: id, action: "cancel", comment: "  Budget cut  " });
    expect((await taskHistory(t.context.database.db, id)).at(-1)).toMatchObject({
      actor: { id: team.company.owner.id },
      from: "offered",
      to: "cancelled",
      comment: "Budget cut",
    });
  });

  it("keeps a submitted result and its link on the task and in the history", async () => {
    const id = await taskIn(team, "in_progress");
    await move(contractor(), { taskId: id, action: "submit", result: " Done ", link: "https://x.example/r" });
    const row = await t.context.database.db
      .selectFrom("tasks")
      .select(["result_text", "result_link"])
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ result_text: "Done", result_link: "https://x.example/r" });
    expect((await taskHistory(t.context.database.db, id)).at(-1)?.comment).toBe("Done\nhttps://x.example/r");
  });

  it("queues the email to the side that must act next", async () => {
    const id = await taskIn(team, "in_progress", { title: "Mailed move" });
    await move(contractor(), { taskId: id, action: "submit", result: "Here it is" });
    const mails = await outboxFor(team.company.owner.email, "Mailed move");
    expect(mails.map((m) => m.template)).toContain("task.submitted");
  });

  it("tells the company and the contractor after the commit", async () => {
    const id = await taskIn(team, "offered");
    const events = recordEvents(t);
    try {
      await move(contractor(), { taskId: id, action: "decline" });
      const event = await events.waitFor((e) => taskOf(e)?.id === id && taskOf(e)?.status === "declined");
      expect(event.audience).toEqual({ companyId: team.company.id, userIds: [team.contractor.user.id] });
    } finally {
      events.stop();
    }
  });

  it("refuses a move outside the table with 409 naming what is allowed, and changes nothing", async () => {
    const id = await taskIn(team, "offered");
    await expect(move(company(), { taskId: id, action: "accept" })).rejects.toMatchObject({
      status: 409,
      extra: { allowed: ["cancel"] },
    });
    expect(await statusOf(id)).toBe("offered");
  });

  it("requires a comment where the table does, and a result to submit", async () => {
    const inReview = await taskIn(team, "in_review");
    await expect(move(company(), { taskId: inReview, action: "return", comment: " " })).rejects.toMatchObject(
      {
        status: 400,
        extra: { errors: [{ field: "comment" }] },
      },
    );
    const inProgress = await taskIn(team, "in_progress");
    await expect(move(contractor(), { taskId: inProgress, action: "submit" })).rejects.toMatchObject({
      status: 400,
      extra: { errors: [{ field: "result" }] },
    });
  });

  it("answers 404 to a contractor for a task that is not theirs to see, and to another company", async () => {
    const draft = await taskIn(team, "draft");
    await expect(move(contractor(), { taskId: draft, action: "accept" })).rejects.toMatchObject({
      status: 404,
    });
    const other = await buildTeam(t);
    const theirs = await taskIn(other, "offered");
    await expect(move(company(), { taskId: theirs, action: "cancel" })).rejects.toMatchObject({
      status: 404,
    });
  });

  it("writes no move, history or email when the transaction rolls back", async () => {
    const id = await taskIn(team, "in_progress", { title: "Rolled back move" });
    const before = await taskHistory(t.context.database.db, id);
    await expect(
      transact(t.context, async (tx) => {
        await moveTask(tx, contractor(), { taskId: id, action: "submit", result: "Done" });
        throw new Error("the rest of the unit of work failed");
      }),
    ).rejects.toThrow("the rest of the unit of work failed");
    expect(await statusOf(id)).toBe("in_progress");
    expect(await taskHistory(t.context.database.db, id)).toEqual(before);
    const submitted = await outboxFor(team.company.owner.email, "Rolled back move");
    expect(submitted.filter((m) => m.template === "task.submitted")).toEqual([]);
  });
});
