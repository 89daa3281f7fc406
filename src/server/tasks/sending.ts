import { chunks } from "../db/chunks.ts";
import type { HttpProblem } from "../http/problem.ts";
import type { Tx } from "../kernel/tx.ts";

/**
 * Asks the features that guard sending (the `tasks.sending` hook: money reserves each task's amount) whether
 * these tasks, just written as Offered, may go. The refused ones are Drafts again; answers them with why.
 */
export async function askToSend(
  tx: Tx,
  actor: { companyId: string; userId: string },
  taskIds: string[],
): Promise<Map<string, HttpProblem>> {
  const refused = new Map<string, HttpProblem>();
  if (taskIds.length === 0) return refused;
  await tx.hooks.run(tx, "tasks.sending", {
    companyId: actor.companyId,
    actorUserId: actor.userId,
    taskIds,
    refuse: (taskId, problem) => {
      if (!refused.has(taskId)) refused.set(taskId, problem);
    },
  });
  for (const part of chunks([...refused.keys()])) {
    await tx.db
      .updateTable("tasks")
      .set({ status: "draft" })
      .where("company_id", "=", actor.companyId)
      .where("id", "in", part)
      .execute();
  }
  return refused;
}
