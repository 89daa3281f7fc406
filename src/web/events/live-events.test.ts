import { describe, expect, it } from "vitest";
import { dispatchLiveEvent, queriesChangedBy, subscribeLiveEvent } from "./live-events.ts";

describe("what a live event refreshes", () => {
  it("refreshes the company's contractor list when a contractor changes", () => {
    expect(queriesChangedBy("contractor.updated", { companyId: "c1", contractor: {} })).toEqual([
      ["companies", "c1", "contractors"],
    ]);
  });

  it("refreshes the company's tasks and the contractor's own tasks when a task changes", () => {
    expect(queriesChangedBy("task.updated", { companyId: "c1", task: {} })).toEqual([
      ["companies", "c1", "tasks"],
      ["me", "tasks"],
    ]);
  });

  it("refreshes everything of the company when the event was too large to carry", () => {
    expect(queriesChangedBy("import.updated", { refetch: true, companyId: "c1" })).toEqual([
      ["companies", "c1"],
      ["me", "tasks"],
    ]);
  });

  it("refreshes the person's chat, the conversation's thread and the console's list on a support message", () => {
    expect(queriesChangedBy("support.message", { conversationId: "v1", message: {} })).toEqual([
      ["support", "chat"],
      ["support", "conversations", "v1"],
      ["support", "conversations", "list"],
    ]);
  });

  it("refreshes the same when a conversation is closed, reopened or read", () => {
    expect(
      queriesChangedBy("support.conversation.updated", { conversationId: "v1", status: "closed" }),
    ).toEqual([
      ["support", "chat"],
      ["support", "conversations", "v1"],
      ["support", "conversations", "list"],
    ]);
  });
});

describe("listeners", () => {
  it("hear the events of their name until they unsubscribe", () => {
    const heard: unknown[] = [];
    const stop = subscribeLiveEvent("task.updated", (data) => heard.push(data.companyId));
    dispatchLiveEvent("task.updated", { companyId: "c1", task: {} });
    dispatchLiveEvent("contractor.updated", { companyId: "c2", contractor: {} });
    stop();
    dispatchLiveEvent("task.updated", { companyId: "c3", task: {} });
    expect(heard).toEqual(["c1"]);
  });
});
