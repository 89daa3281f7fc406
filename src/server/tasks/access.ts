import { type ExpressionBuilder, type SqlBool, sql } from "kysely";
import {
  actionsAllowedNow,
  CONTRACTOR_HIDDEN_STATUSES,
  REMOVED_CONTRACTOR_STATUSES,
  type TaskAction,
  type TaskActor,
} from "../../common/task-status.ts";
import type { AuditDoor, DB } from "../db/types.ts";
import type { TaskRow } from "./present.ts";

/** Who is acting on a task: a member of its company, or the contractor's own account. */
export type TaskActorRef =
  | { side: "company"; companyId: string; userId: string; door?: AuditDoor; tokenId?: string }
  | { side: "contractor"; userId: string };

type TaskScope = ExpressionBuilder<DB & { t: DB["tasks"]; c: DB["contractors"] }, "t" | "c">;

/**
 * Whether the task `t` is shown: the tasks an import writes stay back while the import is committing and
 * all appear when it is done, by the import's one-row status change, however many tasks it wrote. (Cheap in
 * any list: the committing imports are a handful, read once per statement by `task_imports_status_updated`;
 * the list's filter indexes carry `import_id`, migration 0028, so PostgreSQL tests it without reading the row.)
 */
export const shownTask = sql<SqlBool>`(t.import_id is null or t.import_id not in (select ti.id from task_imports ti where ti.status = 'committing'))`;

/**
 * What a contractor sees of a task, as SQL over `t` (task) and `c` (its contractor relation): tasks of their
 * own relations whose mailbox they proved (accepted_at is set by using an invitation link, or by accepting
 * inside the app with a verified address), never drafts, and once removed only the tasks still in progress or
 * in review.
 */
export function contractorSees(userId: string) {
  return (eb: TaskScope) =>
    eb.and([
      eb("c.user_id", "=", userId),
      eb("c.accepted_at", "is not", null),
      shownTask,
      eb("t.status", "not in", [...CONTRACTOR_HIDDEN_STATUSES]),
      eb.or([eb("c.status", "!=", "removed"), eb("t.status", "in", [...REMOVED_CONTRACTOR_STATUSES])]),
    ]);
}

/** The same rule as `contractorSees`, on a row already read (to decide who receives an event). */
export function contractorCanSee(row: TaskRow): boolean {
  if (!row.contractor_user_id || !row.contractor_accepted_at) return false;
  if (CONTRACTOR_HIDDEN_STATUSES.includes(row.status)) return false;
  return row.contractor_status !== "removed" || REMOVED_CONTRACTOR_STATUSES.includes(row.status);
}

/** The actions this side may take on the task now: the table's, less those a guard forbids. */
export function actionsAllowedNowOn(row: TaskRow, side: TaskActor): TaskAction[] {
  const contractor = row.contractor_id && row.contractor_status ? { status: row.contractor_status } : null;
  return actionsAllowedNow(row.status, side, contractor);
}
