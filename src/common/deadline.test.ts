import { describe, expect, it } from "vitest";
import { isOverdue } from "./deadline.ts";

describe("overdue tasks", () => {
  const today = "2026-12-10";

  it("marks work still expected after its deadline", () => {
    expect(isOverdue({ status: "in_progress", deadline: "2026-12-09" }, today)).toBe(true);
    expect(isOverdue({ status: "offered", deadline: "2026-11-01" }, today)).toBe(true);
    expect(isOverdue({ status: "in_review", deadline: "2026-12-09" }, today)).toBe(true);
  });

  it("leaves a task due today, later, or without a deadline alone", () => {
    expect(isOverdue({ status: "in_progress", deadline: "2026-12-10" }, today)).toBe(false);
    expect(isOverdue({ status: "in_progress", deadline: "2027-01-01" }, today)).toBe(false);
    expect(isOverdue({ status: "in_progress", deadline: null }, today)).toBe(false);
  });

  it("never marks a settled task", () => {
    for (const status of ["completed", "declined", "cancelled"] as const) {
      expect(isOverdue({ status, deadline: "2026-01-01" }, today)).toBe(false);
    }
  });
});
