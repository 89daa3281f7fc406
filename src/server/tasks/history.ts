import type { AuditAction } from "../../common/audit.ts";
import type { TaskStatus } from "../../common/task-status.ts";
import { chunks } from "../db/chunks.ts";
import { newId } from "../db/ids.ts";
import { insertRows } from "../db/insert-rows.ts";
import type { CompanyActor } from "../kernel/actors.ts";
import { type AuditFact, auditWhoOf, recordAudit } from "../kernel/audit.ts";
import { emitCompanyEvents } from "../kernel/company-events.ts";
import type { Tx } from "../kernel/tx.ts";

export interface TaskMove {
  taskId: string;
  from: TaskStatus | null;
  to: TaskStatus;
  comment?: string | null;
}

/** The audit log's name of a move. */
function actionOf(move: TaskMove): AuditAction {
  if (move.from === null) return "task.created";
  switch (move.to) {
    case "offered":
      return "task.sent";
    case "in_progress":
      return move.from === "in_review" ? "task.returned" : "task.accepted";
    case "in_review":
      return "task.submitted";
    case "completed":
      return "task.completed";
    case "declined":
      return "task.declined";
    case "cancelled":
      return "task.cancelled";
    case "draft":
      return "task.created";
  }
}

/**
 * Keeps moves in the tasks' history, by whom and at the unit of work's instant; call it in the transaction
 * that makes them. Each move is also an entry of the company's audit log and a `task.status_changed` event
 * for its webhooks (in bulk: one statement per slice), unless `quiet` (an import's rows: the import records
 * one entry and one event for all of them when it is shown). Returns their ids in order (an email's key
 * names the move that caused it).
 */
export async function recordTaskMoves(
  tx: Tx,
  mover: CompanyActor,
  moves: TaskMove[],
  options: { quiet?: boolean } = {},
): Promise<string[]> {
  const at = tx.now.toISOString();
  const rows = moves.map((move) => ({
    id: newId(tx.now.getTime()),
    task_id: move.taskId,
    at,
    actor_user_id: mover.userId,
    from_status: move.from,
    to_status: move.to,
    comment: move.comment ?? null,
  }));
  // In slices: an import can offer thousands of tasks to one contractor, and removing them cancels them all.
  for (const part of chunks(rows)) await insertRows(tx.db, "task_events", part);
  if (!options.quiet) await tellOfMoves(tx, mover, moves);
  return rows.map((row) => row.id);
}

async function tellOfMoves(tx: Tx, mover: CompanyActor, moves: TaskMove[]): Promise<void> {
  const labels = new Map<string, { number: number; title: string }>();
  for (const part of chunks([...new Set(moves.map((m) => m.taskId))])) {
    const tasks = await tx.db
      .selectFrom("tasks")
      .select(["id", "number", "title"])
      .where("id", "in", part)
      .where("company_id", "=", mover.companyId)
      .execute();
    for (const task of tasks) labels.set(task.id, task);
  }
  const facts: AuditFact[] = [];
  const events = [];
  for (const move of moves) {
    const task = labels.get(move.taskId);
    if (!task) continue;
    const action = actionOf(move);
    facts.push({
      action,
      subjectType: "task",
      subjectId: move.taskId,
      summary: `Task #${task.number} ${task.title}`.slice(0, 300),
      details: { number: task.number, title: task.title, from: move.from, to: move.to },
    });
    events.push({
      type: "task.status_changed" as const,
      data: {
        taskId: move.taskId,
        number: task.number,
        title: task.title,
        from: move.from,
        to: move.to,
        at: tx.now.toISOString(),
      },
    });
  }
  await recordAudit(tx, auditWhoOf(mover), facts);
  await emitCompanyEvents(tx, mover.companyId, events);
}

/** One move: `recordTaskMoves` of one. */
export async function recordTaskMove(tx: Tx, mover: CompanyActor, move: TaskMove): Promise<string> {
  const [id] = await recordTaskMoves(tx, mover, [move]);
  if (!id) throw new Error("recordTaskMove: the move was not recorded");
  return id;
}
