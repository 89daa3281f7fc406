import { newId } from "../db/ids.ts";
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
  const at = tx.now.toISOString();
  await tx.db
    .insertInto("jobs")
    .values({
      id: newId(tx.now.getTime()),
      kind: ACTS_JOB,
      payload: JSON.stringify({ taskId: payload.taskId }),
      status: "queued",
      attempts: 0,
      next_attempt_at: at,
      locked_until: null,
      last_error: null,
      created_at: at,
    })
    .execute();
}

/** Registered after money's handlers, so a task's payment is written before its acts are asked for. */
export function registerDocumentHooks(hooks: Hooks): void {
  hooks.on("task.completed", queueActs);
}
