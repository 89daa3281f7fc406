import { findTransition } from "../../common/task-status.ts";
import type { Task } from "../../common/wire/tasks.ts";
import { companyMail } from "../auth/company-mail.ts";
import { chunks } from "../db/chunks.ts";
import { notFound } from "../http/problem.ts";
import type { CompanyActor } from "../kernel/actors.ts";
import type { ItemOutcome } from "../kernel/batcher.ts";
import type { Tx } from "../kernel/tx.ts";
import { addressed, enqueueEmails, type OutgoingEmail } from "../mail/outbox.ts";
import { actionsAllowedNowOn, shownTask } from "./access.ts";
import { completedEmail, taskEmails } from "./emails.ts";
import { publishTaskUpdate } from "./events.ts";
import { recordTaskMoves } from "./history.ts";
import { illegalMove } from "./move-task.ts";
import { mailFacts, presentTask, type TaskRow, taskQuery } from "./present.ts";

async function readTasks(tx: Tx, companyId: string, ids: readonly string[]): Promise<Map<string, TaskRow>> {
  const rows = new Map<string, TaskRow>();
  for (const part of chunks([...new Set(ids)])) {
    const found = await taskQuery(tx.db)
      .where("t.id", "in", part)
      .where("t.company_id", "=", companyId)
      .where(shownTask)
      .execute();
    for (const row of found) rows.set(row.id, row);
  }
  return rows;
}

/**
 * The company accepts several tasks' results at once (In review → Completed), as many acceptances one after
 * another would, in the caller's one transaction and with set-based statements: one UPDATE of the tasks
 * guarded by their status, the history, audit entries and emails inserted multi-row, one `tasks.completed`
 * hook (money pays them all, documents queues their acts). Each task gets its own answer: the task, or the
 * problem it would get alone (404; 409 when it is not In review, was moved meanwhile, or is asked twice).
 * A throw means the whole batch failed; its caller then accepts the tasks one by one.
 */
export async function acceptTasks(
  tx: Tx,
  actor: CompanyActor,
  taskIds: readonly string[],
): Promise<Array<ItemOutcome<Task>>> {
  const outcomes = new Array<ItemOutcome<Task> | null>(taskIds.length).fill(null);
  const before = await readTasks(tx, actor.companyId, taskIds);
  const wanted = new Map<string, number>(); // task id → the first item asking for it
  taskIds.forEach((id, i) => {
    const row = before.get(id);
    if (!row) {
      outcomes[i] = { ok: false, error: notFound("Task") };
      return;
    }
    const transition = findTransition(row.status, "company", "accept");
    if (!transition?.to || !actionsAllowedNowOn(row, "company").includes(transition.action)) {
      outcomes[i] = { ok: false, error: illegalMove(row, "company", "accept") };
      return;
    }
    if (!wanted.has(id)) wanted.set(id, i);
  });

  const moved = new Set<string>();
  for (const part of chunks([...wanted.keys()])) {
    const updated = await tx.db
      .updateTable("tasks")
      .set({ status: "completed", updated_at: tx.now.toISOString() })
      .where("id", "in", part)
      .where("company_id", "=", actor.companyId)
      .where("status", "=", "in_review")
      .returning("id")
      .execute();
    for (const row of updated) moved.add(row.id);
  }
  const rows = [...wanted.keys()].filter((id) => moved.has(id)).map((id) => before.get(id) as TaskRow);

  if (rows.length > 0) {
    const mover = {
      companyId: actor.companyId,
      userId: actor.userId,
      door: actor.door,
      tokenId: actor.tokenId,
    };
    const moveIds = await recordTaskMoves(
      tx,
      mover,
      rows.map((row) => ({ taskId: row.id, from: row.status, to: "completed" as const })),
    );
    await tellContractors(tx, actor.companyId, rows, moveIds);
    // Last: paying locks the hot ledger rows (the company's reserved money, the operator's fees) until the
    // commit, once for the whole batch.
    await tx.hooks.run(tx, "tasks.completed", {
      companyId: actor.companyId,
      taskIds: rows.map((row) => row.id),
      actorUserId: actor.userId,
      door: actor.door ?? "web",
    });
  }

  // Re-read every task asked for: the moved ones as they are now, the others (moved by someone else
  // meanwhile, or asked twice) to answer from the status they have now.
  const after = await readTasks(
    tx,
    actor.companyId,
    taskIds.filter((_, i) => outcomes[i] === null),
  );
  for (const row of rows) {
    const now = after.get(row.id);
    if (now) publishTaskUpdate(tx, now);
  }
  return taskIds.map((id, i) => {
    const decided = outcomes[i];
    if (decided) return decided;
    const now = after.get(id);
    if (!now) return { ok: false, error: notFound("Task") };
    if (wanted.get(id) === i && moved.has(id)) return { ok: true, value: presentTask(now) };
    return { ok: false, error: illegalMove(now, "company", "accept") };
  });
}

/** The contractor of each task is told their work was accepted: one email per task, keyed by its move. */
async function tellContractors(
  tx: Tx,
  companyId: string,
  rows: readonly TaskRow[],
  moveIds: readonly string[],
): Promise<void> {
  const company = await tx.db
    .selectFrom("companies")
    .select("name")
    .where("id", "=", companyId)
    .executeTakeFirstOrThrow();
  const mail = await companyMail(tx.db, companyId);
  const emails: OutgoingEmail[] = [];
  for (const [i, row] of rows.entries()) {
    const moveId = moveIds[i] as string;
    if (!row.contractor_email) continue;
    const message = completedEmail(tx.config.appUrl, company.name, mailFacts(row));
    if (row.contractor_accepted_at === null) {
      // Counted against the invitation allowance, and left unsent over it, as a single move does.
      await taskEmails(
        tx,
        message,
        { companyId, recipients: [row.contractor_email], unacceptedContractor: "skip" },
        moveId,
      );
      continue;
    }
    emails.push(
      ...addressed(message, [row.contractor_email], `task:${moveId}`).map((e) => ({ ...e, company: mail })),
    );
  }
  await enqueueEmails(tx.db, emails, tx.now);
}
