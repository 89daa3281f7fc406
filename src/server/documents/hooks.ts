import { newId } from "../db/ids.ts";
import { causingRequestId } from "../kernel/request-cause.ts";
import type { HookPayloads, Hooks, Tx } from "../kernel/tx.ts";

export const ACTS_JOB = "documents.acts";

/**
 * A task was accepted: once money has paid it (its handler runs first), a job to issue its acts is queued in
 * the same transaction. The PDFs are made by the documents worker, never inside the request.
 */
async function queueActs(tx: Tx, payload: HookPayloads["task.completed"]): Promise<void> {
  const paid = await tx.db
    .selectFrom("task_payments")
    .select("task_id")
    .where("task_id", "=", payload.taskId)
    .where("status", "=", "paid")
    .executeTakeFirst();
  if (!paid) return;
  await queueActJobs(tx, [payload.taskId]);
}

/** Queues the jobs that issue these paid tasks' acts (the documents worker takes them up). */
export async function queueActJobs(tx: Tx, taskIds: readonly string[]): Promise<void> {
  const at = tx.now.toISOString();
  for (let i = 0; i < taskIds.length; i += 500) {
    await tx.db
      .insertInto("jobs")
      .values(
        taskIds.slice(i, i + 500).map((taskId) => ({
          id: newId(tx.now.getTime()),
          kind: ACTS_JOB,
          payload: JSON.stringify({ taskId }),
          status: "queued",
          attempts: 0,
          next_attempt_at: at,
          locked_until: null,
          last_error: null,
          created_at: at,
          request_id: causingRequestId(),
        })),
      )
      .execute();
  }
}

/** Registered after money's handlers, so a task's payment is written before its acts are asked for. */
export function registerDocumentHooks(hooks: Hooks): void {
  hooks.on("task.completed", queueActs);
}
