import { describe, expect, it } from "vitest";
import type { Task } from "./api.ts";
import { applyTaskUpdate, type TaskPages } from "./task-pages.ts";

function task(id: string, title = id): Task {
  return {
    id,
    number: 1,
    title,
    description: "",
    status: "draft",
    contractor: null,
    amount: "10",
    currency: "USD",
    payment: null,
    deadline: null,
    project: null,
    externalId: null,
    createdAt: "2026-12-01T00:00:00Z",
    updatedAt: "2026-12-01T00:00:00Z",
  };
}

const pages = (...lists: Task[][]): TaskPages => ({
  pages: lists.map((items) => ({ items, nextCursor: null })),
  pageParams: lists.map((_, i) => (i === 0 ? null : `c${i}`)),
});

describe("a live task update on a list loaded page after page", () => {
  it("replaces the row on the page that shows it, and leaves the other pages as they are", () => {
    const data = pages([task("a")], [task("b")]);
    const next = applyTaskUpdate(data, task("b", "Renamed"), false);
    expect(next?.pages[1]?.items[0]?.title).toBe("Renamed");
    expect(next?.pages[0]).toBe(data.pages[0]);
  });

  it("drops a deleted task", () => {
    const next = applyTaskUpdate(pages([task("a"), task("b")]), task("a"), true);
    expect(next?.pages[0]?.items.map((t) => t.id)).toEqual(["b"]);
  });

  it("leaves the list alone for a task it does not show", () => {
    const data = pages([task("a")]);
    expect(applyTaskUpdate(data, task("z"), false)).toBe(data);
  });
});
