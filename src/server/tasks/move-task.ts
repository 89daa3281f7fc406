import { findTransition, TASK_STATUS_LABELS, type TaskAction } from "../../common/task-status.ts";
import type { Task } from "../../common/wire/tasks.ts";
import { conflict, invalidField } from "../http/problem.ts";
import type { Tx } from "../kernel/tx.ts";
import type { EmailMessage } from "../mail/outbox.ts";
import { actionsAllowedNowOn, type TaskActorRef } from "./access.ts";
import {
  cancelledEmail,
  companyRecipients,
  completedEmail,
  declinedEmail,
  offeredEmail,
  returnedEmail,
  submittedEmail,
  takenEmail,
  taskEmails,
} from "./emails.ts";
import { publishTaskUpdate } from "./events.ts";
import { recordTaskMove } from "./history.ts";
import { mailFacts, presentTask, type TaskRow, taskQuery } from "./present.ts";
import { findTaskFor } from "./queries.ts";
import { askToSend } from "./sending.ts";

export interface MoveInput {
  taskId: string;
  action: string;
  comment?: string | null;
  /** What the contractor submits: the result's text and an optional link (checked by the route). */
  result?: string | null;
  link?: string | null;
}

const blankToNull = (text: string | null | undefined) => (text?.trim() ? text.trim() : null);

/** The 409 for a move outside the table (or one a guard forbids now), listing what is allowed instead. */
export function illegalMove(row: TaskRow, side: TaskActorRef["side"], action: string) {
  const allowed = actionsAllowedNowOn(row, side);
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
 * The move, its history entry, its email and its live event commit together.
 */
export async function moveTask(tx: Tx, actor: TaskActorRef, input: MoveInput): Promise<Task> {
  const row = await findTaskFor(tx.db, actor, input.taskId);
  const transition = findTransition(row.status, actor.side, input.action);
  if (!transition?.to || !actionsAllowedNowOn(row, actor.side).includes(transition.action)) {
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
  const update = await tx.db
    .updateTable("tasks")
    .set({
      status: transition.to,
      updated_at: tx.now.toISOString(),
      ...(transition.action === "submit" ? { result_text: result, result_link: link } : {}),
    })
    .where("id", "=", row.id)
    .where("status", "=", row.status)
    .executeTakeFirst();
  if (Number(update.numUpdatedRows) !== 1) {
    // Someone else moved it first: answer from the status it has now.
    throw illegalMove(await findTaskFor(tx.db, actor, input.taskId), actor.side, input.action);
  }
  // Money answers through hooks: a send reserves (or is refused for want of money), an end without a
  // result releases, the company's acceptance pays.
  if (transition.action === "send") {
    const sender = { companyId: row.company_id, userId: actor.userId };
    const refused = (await askToSend(tx, sender, [row.id])).get(row.id);
    if (refused) throw refused;
  } else if (transition.to === "declined" || transition.to === "cancelled") {
    await tx.hooks.run(tx, "task.released", { companyId: row.company_id, taskIds: [row.id] });
  }
  const mover =
    actor.side === "company"
      ? { companyId: row.company_id, userId: actor.userId, door: actor.door, tokenId: actor.tokenId }
      : { companyId: row.company_id, userId: actor.userId, door: "web" as const };
  // A submitted result is kept in the history too, so the company reviews it where it reads the rest.
  const historyComment = transition.action === "submit" ? [result, link].filter(Boolean).join("\n") : comment;
  const moveId = await recordTaskMove(tx, mover, {
    taskId: row.id,
    from: row.status,
    to: transition.to,
    comment: historyComment,
  });
  const told = await moveEmail(tx, row, transition.action, { comment, result, link });
  if (told) {
    // To a contractor who has not accepted the invitation: an offer counts as an invitation (429 over the
    // allowance); news of a cancellation is left unsent over it, the cancellation itself stands.
    const toUnaccepted = told.toContractor && row.contractor_accepted_at === null;
    await taskEmails(
      tx,
      told.message,
      {
        companyId: row.company_id,
        recipients: told.recipients,
        ...(toUnaccepted ? { unacceptedContractor: transition.action === "send" ? "refuse" : "skip" } : {}),
      },
      moveId,
    );
  }
  if (transition.to === "completed") {
    // Last: paying locks the hot ledger rows (the company's reserved money, the operator's fees), held
    // until the commit, so concurrent acceptances of one company wait for each other as briefly as can be.
    await tx.hooks.run(tx, "tasks.completed", {
      companyId: row.company_id,
      taskIds: [row.id],
      actorUserId: actor.userId,
      door: mover.door ?? "web",
    });
  }
  const moved = await taskQuery(tx.db).where("t.id", "=", row.id).executeTakeFirstOrThrow();
  publishTaskUpdate(tx, moved);
  return presentTask(moved);
}

/** Who is told of a move, and what: the side that must act next or needs to know. */
async function moveEmail(
  tx: Tx,
  row: TaskRow,
  action: TaskAction,
  said: { comment: string | null; result: string | null; link: string | null },
): Promise<{ message: EmailMessage; recipients: string[]; toContractor: boolean } | null> {
  const appUrl = tx.config.appUrl;
  const company = await tx.db
    .selectFrom("companies")
    .select("name")
    .where("id", "=", row.company_id)
    .executeTakeFirstOrThrow();
  const task = mailFacts(row);
  const recipients = row.contractor_email ? [row.contractor_email] : [];
  const toContractor = (message: EmailMessage) => ({ message, recipients, toContractor: true });
  const contractorName = row.contractor_name ?? "The contractor";
  const toCompany = async (message: EmailMessage) => ({
    message,
    recipients: await companyRecipients(tx.db, row.company_id),
    toContractor: false,
  });
  switch (action) {
    case "send":
      return toContractor(offeredEmail(appUrl, company.name, [task]));
    case "cancel":
      return toContractor(cancelledEmail(appUrl, company.name, task, said.comment));
    case "return":
      return toContractor(returnedEmail(appUrl, company.name, task, said.comment ?? ""));
    case "accept":
      // The same word on both sides: the company accepts a result, the contractor accepts an offer.
      if (row.status === "in_review") return toContractor(completedEmail(appUrl, company.name, task));
      return toCompany(takenEmail(appUrl, row.company_id, contractorName, task));
    case "decline":
      return toCompany(declinedEmail(appUrl, row.company_id, contractorName, task, said.comment));
    case "submit":
      return toCompany(
        submittedEmail(appUrl, row.company_id, contractorName, task, said.result ?? "", said.link),
      );
    case "delete":
      return null;
  }
}
