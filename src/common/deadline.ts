import { daysBetween } from "./format.ts";
import { FINAL_STATUSES, type TaskStatus } from "./task-status.ts";

/**
 * A task is overdue when its deadline (a calendar date) is before today and it is not settled yet: a
 * draft, an offer, work in progress or a result waiting for review.
 */
export function isOverdue(task: { status: TaskStatus; deadline: string | null }, today: string): boolean {
  if (!task.deadline || FINAL_STATUSES.includes(task.status)) return false;
  return daysBetween(today, task.deadline) < 0;
}
