import type { Hooks } from "../kernel/tx.ts";
import { payForTasks, releaseTasks, reserveForTasks } from "./task-payments.ts";

/** How money answers the tasks' lifecycle, in the tasks' transactions. */
export function registerMoneyHooks(hooks: Hooks): void {
  hooks.on("tasks.sending", reserveForTasks);
  hooks.on("task.released", releaseTasks);
  hooks.on("tasks.completed", payForTasks);
}
