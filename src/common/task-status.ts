/**
 * The task lifecycle: one table, read by the server (which moves are legal), the web app (which buttons to
 * show) and the tests (every allowed and every forbidden move). A move that is not in this table is
 * illegal for every role.
 */

import type { ContractorStatus } from "./contractor-status.ts";

export const TASK_STATUSES = [
  "draft",
  "offered",
  "in_progress",
  "in_review",
  "completed",
  "declined",
  "cancelled",
] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export type TaskActor = "company" | "contractor";

const COMPANY_ACTIONS = ["send", "cancel", "accept", "return", "delete"] as const;
const CONTRACTOR_ACTIONS = ["accept", "decline", "submit"] as const;
export type CompanyAction = (typeof COMPANY_ACTIONS)[number];
export type ContractorAction = (typeof CONTRACTOR_ACTIONS)[number];
export type TaskAction = CompanyAction | ContractorAction;

export interface TaskTransition {
  actor: TaskActor;
  action: TaskAction;
  from: TaskStatus;
  /** null: the action ends the task's existence (a draft is deleted), not a move to another status. */
  to: TaskStatus | null;
  /** The action needs a comment (returning a result says what to fix). */
  commentRequired?: boolean;
}

export const TASK_TRANSITIONS: readonly TaskTransition[] = [
  { actor: "company", action: "send", from: "draft", to: "offered" },
  { actor: "company", action: "delete", from: "draft", to: null },
  { actor: "company", action: "cancel", from: "offered", to: "cancelled" },
  { actor: "company", action: "cancel", from: "in_progress", to: "cancelled" },
  { actor: "company", action: "accept", from: "in_review", to: "completed" },
  { actor: "company", action: "return", from: "in_review", to: "in_progress", commentRequired: true },
  { actor: "contractor", action: "accept", from: "offered", to: "in_progress" },
  { actor: "contractor", action: "decline", from: "offered", to: "declined" },
  { actor: "contractor", action: "submit", from: "in_progress", to: "in_review" },
];

/** Statuses a task never leaves. */
export const FINAL_STATUSES: readonly TaskStatus[] = ["completed", "declined", "cancelled"];

/** What the contractor never sees: a draft is the company's own. */
export const CONTRACTOR_HIDDEN_STATUSES: readonly TaskStatus[] = ["draft"];

/** What a removed contractor keeps access to until the company settles it. */
export const REMOVED_CONTRACTOR_STATUSES: readonly TaskStatus[] = ["in_progress", "in_review"];

export function actionsOf(actor: TaskActor): readonly TaskAction[] {
  return actor === "company" ? COMPANY_ACTIONS : CONTRACTOR_ACTIONS;
}

export function findTransition(status: TaskStatus, actor: TaskActor, action: string): TaskTransition | null {
  return TASK_TRANSITIONS.find((t) => t.from === status && t.actor === actor && t.action === action) ?? null;
}

/** The actions this actor may take on a task in this status, in the table's order. */
export function allowedActions(status: TaskStatus, actor: TaskActor): TaskAction[] {
  return TASK_TRANSITIONS.filter((t) => t.from === status && t.actor === actor).map((t) => t.action);
}

/**
 * Why the company may not send a task although the table allows it: a task goes only to a contractor who is
 * assigned and still on the team. The server refuses such a send; the web app disables its button.
 */
export type SendBlock = "no_contractor" | "contractor_removed";

export function sendBlock(contractor: { status: ContractorStatus } | null): SendBlock | null {
  if (!contractor) return "no_contractor";
  return contractor.status === "removed" ? "contractor_removed" : null;
}

/** The actions the table allows this side now, less those a guard forbids (see `sendBlock`). */
export function actionsAllowedNow(
  status: TaskStatus,
  actor: TaskActor,
  contractor: { status: ContractorStatus } | null,
): TaskAction[] {
  return allowedActions(status, actor).filter(
    (action) => !(actor === "company" && action === "send" && sendBlock(contractor) !== null),
  );
}

export function canAct(status: TaskStatus, actor: TaskActor, action: string): boolean {
  return findTransition(status, actor, action) !== null;
}

/**
 * The status after the move, or null when the move is illegal. `delete` is legal on a draft but has no
 * next status: use `canAct` for it.
 */
export function nextStatus(status: TaskStatus, actor: TaskActor, action: string): TaskStatus | null {
  return findTransition(status, actor, action)?.to ?? null;
}

/** Which fields of a task the company may still change in this status. */
export type EditableField =
  | "title"
  | "description"
  | "amount"
  | "currency"
  | "deadline"
  | "project"
  | "externalId"
  | "contractor";

const ALL_FIELDS: readonly EditableField[] = [
  "title",
  "description",
  "amount",
  "currency",
  "deadline",
  "project",
  "externalId",
  "contractor",
];

/** A draft is edited fully; an offered task only its description and deadline; after that, nothing. */
export function editableFields(status: TaskStatus): readonly EditableField[] {
  if (status === "draft") return ALL_FIELDS;
  if (status === "offered") return ["description", "deadline"];
  return [];
}

/** Labels as the UI shows them (the product's words). */
export const TASK_STATUS_LABELS: Record<TaskStatus, string> = {
  draft: "Draft",
  offered: "Offered",
  in_progress: "In progress",
  in_review: "In review",
  completed: "Completed",
  declined: "Declined",
  cancelled: "Cancelled",
};
