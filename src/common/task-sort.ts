/**
 * The orders a task list can be read in (`sort=` of the task lists): newest first (the default), or by
 * deadline, amount or status, each way. A leading "-" is descending. Tasks without a deadline come after
 * every dated one, either way; amounts are compared within a currency (currencies in code order); statuses
 * in the lifecycle's order (Draft, Offered, In progress, In review, Completed, Declined, Cancelled).
 */
export const TASK_SORTS = [
  "newest",
  "deadline",
  "-deadline",
  "amount",
  "-amount",
  "status",
  "-status",
] as const;
export type TaskSort = (typeof TASK_SORTS)[number];

export type TaskSortKey = "deadline" | "amount" | "status";

export function isTaskSort(value: string): value is TaskSort {
  return (TASK_SORTS as readonly string[]).includes(value);
}

/** "-amount" → { key: "amount", descending: true }; "newest" has no key. */
export function parseTaskSort(sort: TaskSort): { key: TaskSortKey | null; descending: boolean } {
  if (sort === "newest") return { key: null, descending: true };
  const descending = sort.startsWith("-");
  return { key: (descending ? sort.slice(1) : sort) as TaskSortKey, descending };
}

export const TASK_SORT_LABELS: Record<TaskSort, string> = {
  newest: "Newest first",
  deadline: "Deadline: soonest first",
  "-deadline": "Deadline: latest first",
  amount: "Amount: lowest first",
  "-amount": "Amount: highest first",
  status: "Status: Draft to Cancelled",
  "-status": "Status: Cancelled to Draft",
};
