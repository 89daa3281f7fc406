import type { Hooks } from "../kernel/tx.ts";
import { payForTask, releaseTasks, reserveForTasks } from "./task-payments.ts";

/** How money answers the tasks' lifecycle, in the tasks' transactions. */
export function registerMoneyHooks(hooks: Hooks): void {
  hooks.on("tasks.sending", reserveForTasks);
  hooks.on("task.released", releaseTasks);
  hooks.on("task.completed", payForTask);
}
