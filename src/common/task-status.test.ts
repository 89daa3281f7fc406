import { describe, expect, it } from "vitest";
import {
  actionsAllowedNow,
  actionsOf,
  allowedActions,
  canAct,
  editableFields,
  FINAL_STATUSES,
  nextStatus,
  sendBlock,
  TASK_STATUSES,
  TASK_TRANSITIONS,
  type TaskActor,
} from "./task-status.ts";

const actors: TaskActor[] = ["company", "contractor"];

/** The product's lifecycle table, written out by hand so that the code's table is checked against it. */
const expected: Record<string, string | null> = {
  "company send draft": "offered",
  "company delete draft": null,
  "company cancel offered": "cancelled",
  "company cancel in_progress": "cancelled",
  "company accept in_review": "completed",
  "company return in_review": "in_progress",
  "contractor accept offered": "in_progress",
  "contractor decline offered": "declined",
  "contractor submit in_progress": "in_review",
};

describe("the task lifecycle", () => {
  for (const actor of actors) {
    for (const action of actionsOf(actor)) {
      for (const status of TASK_STATUSES) {
        const key = `${actor} ${action} ${status}`;
        if (key in expected) {
          it(`lets the ${actor} ${action} a task that is ${status}`, () => {
            expect(canAct(status, actor, action)).toBe(true);
            expect(nextStatus(status, actor, action)).toBe(expected[key]);
            expect(allowedActions(status, actor)).toContain(action);
          });
        } else {
          it(`forbids the ${actor} to ${action} a task that is ${status}`, () => {
            expect(canAct(status, actor, action)).toBe(false);
            expect(nextStatus(status, actor, action)).toBeNull();
            expect(allowedActions(status, actor)).not.toContain(action);
          });
        }
      }
    }
  }

  it("has exactly the product's moves and nothing else", () => {
    const keys = TASK_TRANSITIONS.map((t) => `${t.actor} ${t.action} ${t.from}`).sort();
    expect(keys).toEqual(Object.keys(expected).sort());
  });

  it("forbids actions of the other side and unknown actions", () => {
    expect(canAct("draft", "contractor", "send")).toBe(false);
    expect(canAct("offered", "company", "decline")).toBe(false);
    expect(canAct("in_progress", "company", "submit")).toBe(false);
    expect(canAct("offered", "company", "accept")).toBe(false);
    expect(canAct("in_review", "contractor", "accept")).toBe(false);
    expect(canAct("draft", "company", "publish")).toBe(false);
  });

  it("lets nobody move a finished task", () => {
    for (const status of FINAL_STATUSES)
      for (const actor of actors) expect(allowedActions(status, actor)).toEqual([]);
  });

  it("requires a comment to return a result", () => {
    expect(TASK_TRANSITIONS.filter((t) => t.commentRequired).map((t) => t.action)).toEqual(["return"]);
  });

  it("lists what each side may do now", () => {
    expect(allowedActions("draft", "company")).toEqual(["send", "delete"]);
    expect(allowedActions("offered", "contractor")).toEqual(["accept", "decline"]);
    expect(allowedActions("in_review", "company")).toEqual(["accept", "return"]);
    expect(allowedActions("draft", "contractor")).toEqual([]);
  });
});

describe("what the company may edit", () => {
  it("edits a draft fully, an offered task's description and deadline, and nothing later", () => {
    expect(editableFields("draft")).toContain("amount");
    expect(editableFields("offered")).toEqual(["description", "deadline"]);
    for (const status of TASK_STATUSES.filter((s) => s !== "draft" && s !== "offered"))
      expect(editableFields(status)).toEqual([]);
  });
});

describe("the send guard", () => {
  it("holds back a task that has no contractor", () => {
    expect(sendBlock(null)).toBe("no_contractor");
    expect(actionsAllowedNow("draft", "company", null)).toEqual(["delete"]);
  });

  it("holds back a task whose contractor was removed from the team", () => {
    expect(sendBlock({ status: "removed" })).toBe("contractor_removed");
    expect(actionsAllowedNow("draft", "company", { status: "removed" })).not.toContain("send");
  });

  it("lets a task go to an invited or active contractor", () => {
    for (const status of ["invited", "active"] as const) {
      expect(sendBlock({ status })).toBeNull();
      expect(actionsAllowedNow("draft", "company", { status })).toEqual(["send", "delete"]);
    }
  });

  it("never holds back the contractor's own moves", () => {
    expect(actionsAllowedNow("offered", "contractor", { status: "removed" })).toEqual(["accept", "decline"]);
  });
});
