import { describe, expect, it } from "vitest";
import { TASK_STATUSES, TASK_TRANSITIONS } from "../../common/task-status.ts";
import { actionViews } from "./task-actions.ts";

describe("the buttons on a task come from the lifecycle table", () => {
  it("offers a company exactly the table's moves from every status", () => {
    for (const status of TASK_STATUSES) {
      const expected = TASK_TRANSITIONS.filter((t) => t.from === status && t.actor === "company").map(
        (t) => t.action,
      );
      expect(actionViews(status, "company").map((v) => v.action)).toEqual(expected);
    }
  });

  it("offers a contractor Accept and Decline on an offer, Submit result while in progress", () => {
    expect(actionViews("offered", "contractor").map((v) => v.label)).toEqual(["Accept", "Decline"]);
    expect(actionViews("in_progress", "contractor").map((v) => v.label)).toEqual(["Submit result"]);
    expect(actionViews("completed", "contractor")).toEqual([]);
  });

  it("asks for a comment when returning a result, and requires it", () => {
    const back = actionViews("in_review", "company").find((v) => v.action === "return");
    expect(back).toMatchObject({ asks: "comment", commentRequired: true, label: "Return for changes" });
  });

  it("lets the company cancel with an optional comment and confirms deleting a draft", () => {
    expect(actionViews("offered", "company")).toEqual([
      expect.objectContaining({ action: "cancel", asks: "comment", commentRequired: false }),
    ]);
    expect(actionViews("draft", "company").find((v) => v.action === "delete")?.asks).toBe("confirm");
  });
});
