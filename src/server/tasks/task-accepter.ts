import type { Task } from "../../common/wire/tasks.ts";
import type { CompanyActor } from "../kernel/actors.ts";
import { createBatcher } from "../kernel/batcher.ts";
import { type TransactionDeps, transact } from "../kernel/transaction.ts";
import { acceptTasks } from "./accept-tasks.ts";
import { moveTask } from "./move-task.ts";

/** The company's acceptances of results, done together when they come together (group commit). */
export interface TaskAccepter {
  /** Accepts one task's result: the task as it is now, or the problem this acceptance alone would get. */
  accept(actor: CompanyActor, taskId: string): Promise<Task>;
}

interface Acceptance {
  actor: CompanyActor;
  taskId: string;
}

/**
 * Acceptances by one person of one company that arrive while another batch of theirs commits (or within
 * `maxWaitMs`) are done in one transaction by `acceptTasks`: the ledger's hot rows of the company (its
 * reserved money, the fees, the contractor's account) are locked and updated once for the batch instead of
 * once per task. One acceptance alone, and each of a batch whose transaction failed, runs `moveTask` as before.
 * A batch's queued emails and jobs carry the id of the request whose acceptance opened it.
 */
export function createTaskAccepter(
  deps: TransactionDeps,
  options: { maxItems?: number; maxWaitMs?: number } = {},
): TaskAccepter {
  const batcher = createBatcher<Acceptance, Task>({
    maxItems: options.maxItems ?? 100,
    maxWaitMs: options.maxWaitMs ?? 1,
    runOne: (_key, { actor, taskId }) =>
      transact(deps, (tx) => moveTask(tx, { side: "company", ...actor }, { taskId, action: "accept" })),
    runBatch: (_key, items) => {
      const actor = (items[0] as Acceptance).actor; // one key, one actor
      return transact(deps, (tx) =>
        acceptTasks(
          tx,
          actor,
          items.map((item) => item.taskId),
        ),
      );
    },
  });
  return {
    accept: (actor, taskId) =>
      batcher.submit(
        JSON.stringify([actor.companyId, actor.userId, actor.door ?? "web", actor.tokenId ?? null]),
        {
          actor,
          taskId,
        },
      ),
  };
}
