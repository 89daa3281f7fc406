import type { Kysely } from "kysely";
import { findTransition, TASK_STATUS_LABELS, type TaskAction } from "../../common/task-status.ts";
import type { Task } from "../../common/wire/tasks.ts";
import type { DB } from "../db/types.ts";
import { conflict, invalidField } from "../http/problem.ts";
import type { AppContext } from "../kernel/context.ts";
import { actionsAllowedNow, findTaskFor, type TaskActorRef } from "./access.ts";
import {
  cancelledEmail,
  companyRecipients,
  completedEmail,
  declinedEmail,
  offeredEmail,
  queueTaskEmail,
  returnedEmail,
  submittedEmail,
  type TaskMailFacts,
  takenEmail,
} from "./emails.ts";
import { presentTask, type TaskRow, taskQuery } from "./present.ts";
import { publishTaskUpdate, recordTaskEvent } from "./task-events.ts";

export interface MoveInput {
  action: string;
  comment?: string | null;
  /** What the contractor submits: the result's text and an optional link. */
  result?: string | null;
  link?: string | null;
}

const blankToNull = (text: string | null | undefined) => (text?.trim() ? text.trim() : null);

/** The 409 for a move outside the table (or one a guard forbids now), listing what is allowed instead. */
export function illegalMove(row: TaskRow, side: TaskActorRef["side"], action: string) {
  const allowed = actionsAllowedNow(row, side);
  const status = TASK_STATUS_LABELS[row.status];
  const detail =
    allowed.length === 0
      ? `The task is ${status}: nothing can be done with it now.`
      : `The task is ${status}: "${action}" is not possible now.`;
  return conflict(detail, allowed);
}

/**
 * Moves a task along the lifecycle table for one side. The UPDATE only applies while the task is still in the
 * status it was read in, so of two simultaneous moves exactly one wins and the other gets the 409.
 * The move, its history entry and its email are one transaction; the live event follows the commit.
 */
export async function moveTask(
  context: AppContext,
  actor: TaskActorRef,
  taskId: string,
  input: MoveInput,
): Promise<Task> {
  const { db } = context.database;
  const moved = await db.transaction().execute(async (trx) => {
    const row = await findTaskFor(trx, actor, taskId);
    const transition = findTransition(row.status, actor.side, input.action);
    if (!transition?.to || !actionsAllowedNow(row, actor.side).includes(transition.action)) {
      throw illegalMove(row, actor.side, input.action);
    }
    const comment = blankToNull(input.comment);
    if (transition.commentRequired && !comment) {
      throw invalidField("comment", "comment is required: say what should change");
    }
    let result: string | null = null;
    let link: string | null = null;
    if (transition.action === "submit") {
      result = blankToNull(input.result);
      if (!result) throw invalidField("result", "result is required: describe what you did");
      link = blankToNull(input.link);
    }
    const at = new Date().toISOString();
    const update = await trx
      .updateTable("tasks")
      .set({
        status: transition.to,
        updated_at: at,
        ...(transition.action === "submit" ? { result_text: result, result_link: link } : {}),
      })
      .where("id", "=", row.id)
      .where("status", "=", row.status)
      .executeTakeFirst();
    if (Number(update.numUpdatedRows) !== 1) {
      // Someone else moved it first: answer from the status it has now.
      const now = await findTaskFor(trx, actor, taskId);
      throw illegalMove(now, actor.side, input.action);
    }
    // A submitted result is kept in the history too, so the company reviews it where it reads the rest.
    const historyComment =
      transition.action === "submit" ? [result, link].filter(Boolean).join("\n") : comment;
    const eventId = await recordTaskEvent(trx, {
      taskId: row.id,
      actorUserId: actor.userId,
      from: row.status,
      to: transition.to,
      comment: historyComment,
      at,
    });
    await queueMoveEmail(context, trx, row, transition.action, { comment, result, link }, eventId);
    return row.id;
  });
  return publishAndPresent(context, moved);
}

/** After commit: everyone concerned sees the task change live; the caller gets its new state. */
export async function publishAndPresent(context: AppContext, taskId: string): Promise<Task> {
  const row = await taskQuery(context.database.db).where("t.id", "=", taskId).executeTakeFirstOrThrow();
  await publishTaskUpdate(context, row);
  return presentTask(row);
}

export function mailFacts(row: TaskRow): TaskMailFacts {
  const view = presentTask(row);
  return {
    id: row.id,
    number: row.number,
    title: row.title,
    amount: view.amount,
    currency: row.currency,
    deadline: row.deadline,
  };
}

async function queueMoveEmail(
  context: AppContext,
  trx: Kysely<DB>,
  row: TaskRow,
  action: TaskAction,
  said: { comment: string | null; result: string | null; link: string | null },
  eventId: string,
): Promise<void> {
  const appUrl = context.config.appUrl;
  const company = await trx
    .selectFrom("companies")
    .select("name")
    .where("id", "=", row.company_id)
    .executeTakeFirstOrThrow();
  const task = mailFacts(row);
  const key = `task:${eventId}`;
  const contractorEmail = row.contractor_email ? [row.contractor_email] : [];
  const contractorName = row.contractor_name ?? "The contractor";
  switch (action) {
    case "send":
      return queueTaskEmail(
        trx,
        "task.offered",
        contractorEmail,
        offeredEmail(appUrl, company.name, [task]),
        key,
      );
    case "cancel":
      return queueTaskEmail(
        trx,
        "task.cancelled",
        contractorEmail,
        cancelledEmail(appUrl, company.name, task, said.comment),
        key,
      );
    case "return":
      return queueTaskEmail(
        trx,
        "task.returned",
        contractorEmail,
        returnedEmail(appUrl, company.name, task, said.comment ?? ""),
        key,
      );
    case "accept":
      // The same word on both sides: the company accepts a result, the contractor accepts an offer.
      if (row.status === "in_review") {
        return queueTaskEmail(
          trx,
          "task.completed",
          contractorEmail,
          completedEmail(appUrl, company.name, task),
          key,
        );
      }
      return queueTaskEmail(
        trx,
        "task.taken",
        await companyRecipients(trx, row.company_id),
        takenEmail(appUrl, row.company_id, contractorName, task),
        key,
      );
    case "decline":
      return queueTaskEmail(
        trx,
        "task.declined",
        await companyRecipients(trx, row.company_id),
        declinedEmail(appUrl, row.company_id, contractorName, task, said.comment),
        key,
      );
    case "submit":
      return queueTaskEmail(
        trx,
        "task.submitted",
        await companyRecipients(trx, row.company_id),
        submittedEmail(appUrl, row.company_id, contractorName, task, said.result ?? "", said.link),
        key,
      );
    case "delete":
      return;
  }
}
