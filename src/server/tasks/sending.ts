import type { SendingTask, Tx } from "../kernel/tx.ts";

/**
 * Asks the features that guard sending (the `tasks.sending` hook: money reserves each task's amount) whether
 * these tasks may go. Answers the refused ones with why; those stay Draft.
 */
export async function askToSend(
  tx: Tx,
  actor: { companyId: string; userId: string },
  tasks: SendingTask[],
): Promise<Map<string, string>> {
  const refused = new Map<string, string>();
  if (tasks.length === 0) return refused;
  await tx.hooks.run(tx, "tasks.sending", {
    companyId: actor.companyId,
    actorUserId: actor.userId,
    tasks,
    refuse: (taskId, reason) => {
      if (!refused.has(taskId)) refused.set(taskId, reason);
    },
  });
  return refused;
}
