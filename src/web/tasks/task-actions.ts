import {
  allowedActions,
  findTransition,
  type TaskAction,
  type TaskActor,
  type TaskStatus,
} from "../../common/task-status.ts";

/** How an action of the lifecycle table is offered in the UI. */
export interface ActionView {
  action: TaskAction;
  label: string;
  /** Asks before acting: a comment (optional or required), the result, or a plain confirmation. */
  asks: "nothing" | "comment" | "result" | "confirm";
  commentRequired: boolean;
  /** A move that ends or undoes something is drawn in red. */
  destructive: boolean;
}

const LABELS: Record<TaskActor, Partial<Record<TaskAction, string>>> = {
  company: {
    send: "Send to contractor",
    cancel: "Cancel task",
    accept: "Accept result",
    return: "Return for changes",
    delete: "Delete draft",
  },
  contractor: { accept: "Accept", decline: "Decline", submit: "Submit result" },
};

/**
 * The buttons a side sees on a task now, in the table's order: exactly the table's moves from this status,
 * never a hand-written condition.
 */
export function actionViews(status: TaskStatus, actor: TaskActor): ActionView[] {
  return allowedActions(status, actor).map((action) => {
    const transition = findTransition(status, actor, action);
    const commentRequired = transition?.commentRequired === true;
    const asks: ActionView["asks"] =
      action === "submit"
        ? "result"
        : action === "delete"
          ? "confirm"
          : action === "cancel" || action === "decline" || commentRequired
            ? "comment"
            : "nothing";
    return {
      action,
      label: LABELS[actor][action] ?? action,
      asks,
      commentRequired,
      destructive: action === "cancel" || action === "decline" || action === "delete",
    };
  });
}
