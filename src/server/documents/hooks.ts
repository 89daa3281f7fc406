import { chunks } from "../db/chunks.ts";
import { newId } from "../db/ids.ts";
import { causingRequestId } from "../kernel/request-cause.ts";
import type { HookPayloads, Hooks, Tx } from "../kernel/tx.ts";

export const ACTS_JOB = "documents.acts";

/**
 * Tasks were accepted: once money has paid them (its handler runs first), the jobs to issue their acts are
 * queued in the same transaction. The PDFs are made by the documents worker, never inside the request.
 */
async function queueActs(tx: Tx, payload: HookPayloads["tasks.completed"]): Promise<void> {
  const paid: string[] = [];
  for (const part of chunks(payload.taskIds)) {
    const rows = await tx.db
      .selectFrom("task_payments")
      .select("task_id")
      .where("task_id", "in", part)
      .where("status", "=", "paid")
      .execute();
    for (const row of rows) paid.push(row.task_id);
  }
  // In the order the tasks were accepted, as one acceptance after another would have queued them.
  const isPaid = new Set(paid);
  await queueActJobs(
    tx,
    payload.taskIds.filter((id) => isPaid.has(id)),
  );
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
  hooks.on("tasks.completed", queueActs);
}
