import type { Tx } from "../kernel/tx.ts";
import { contractorCanSee } from "./access.ts";
import { presentTask, type TaskRow } from "./present.ts";

/**
 * Queues `task.updated` for a task as the transaction leaves it: the company's members and, when they may
 * see it, the contractor see it change live once the change commits. A deleted draft is announced with its
 * last state and `deleted: true`, so open lists drop it.
 */
export function publishTaskUpdate(tx: Tx, row: TaskRow, options: { deleted?: boolean } = {}): void {
  const userIds =
    !options.deleted && contractorCanSee(row) && row.contractor_user_id ? [row.contractor_user_id] : [];
  tx.publish(
    "task.updated",
    { companyId: row.company_id, userIds },
    {
      companyId: row.company_id,
      task: presentTask(row),
      ...(options.deleted ? { deleted: true as const } : {}),
    },
  );
}
