import type { Kysely } from "kysely";
import type { TaskStatus } from "../../common/task-status.ts";
import { newId } from "../db/ids.ts";
import type { DB } from "../db/types.ts";
import type { AppContext } from "../kernel/context.ts";
import { contractorCanSee } from "./access.ts";
import { presentTask, type TaskRow, taskQuery } from "./present.ts";

/** Keeps one move in the task's history; call it in the transaction that makes the move. */
export async function recordTaskEvent(
  trx: Kysely<DB>,
  event: {
    taskId: string;
    actorUserId: string;
    from: TaskStatus | null;
    to: TaskStatus;
    comment?: string | null;
    at: string;
  },
): Promise<string> {
  const id = newId(Date.parse(event.at));
  await trx
    .insertInto("task_events")
    .values({
      id,
      task_id: event.taskId,
      at: event.at,
      actor_user_id: event.actorUserId,
      from_status: event.from,
      to_status: event.to,
      comment: event.comment ?? null,
    })
    .execute();
  return id;
}

/**
 * After commit: the company's members and, when they may see it, the contractor see the task change live.
 * A deleted draft is announced with its last state and `deleted: true`, so open lists drop it.
 */
export async function publishTaskUpdate(
  context: AppContext,
  taskIdOrRow: string | TaskRow,
  options: { deleted?: boolean } = {},
): Promise<void> {
  const row =
    typeof taskIdOrRow === "string"
      ? await taskQuery(context.database.db).where("t.id", "=", taskIdOrRow).executeTakeFirst()
      : taskIdOrRow;
  if (!row) return;
  const userIds =
    !options.deleted && contractorCanSee(row) && row.contractor_user_id ? [row.contractor_user_id] : [];
  await context.bus.publish({
    name: "task.updated",
    audience: { companyId: row.company_id, userIds },
    data: {
      companyId: row.company_id,
      task: presentTask(row),
      ...(options.deleted ? { deleted: true } : {}),
    },
  });
}
