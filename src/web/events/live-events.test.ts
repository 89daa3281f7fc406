import { describe, expect, it } from "vitest";
import type { Contractor } from "../../common/wire/contractors.ts";
import type { SupportMessage } from "../../common/wire/support.ts";
import type { Task } from "../../common/wire/tasks.ts";
import { dispatchLiveEvent, queriesChangedBy, subscribeLiveEvent } from "./live-events.ts";

const contractor: Contractor = {
  id: "k1",
  email: "ann@example.com",
  name: "Ann",
  status: "invited",
  invitedAt: "2026-01-01T00:00:00.000Z",
  activatedAt: null,
  invitationEmail: null,
};

const task: Task = {
  id: "t1",
  number: 1,
  title: "Logo",
  description: "",
  status: "draft",
  contractor: null,
  amount: "10.00",
  currency: "USD",
  payment: null,
  deadline: null,
  project: null,
  externalId: null,
  createdAt: "2026-01-01T00:00:00.000Z",
  updatedAt: "2026-01-01T00:00:00.000Z",
};

const message: SupportMessage = {
  id: "m1",
  conversationId: "v1",
  from: "person",
  authorName: "Ann",
  body: "Hello",
  createdAt: "2026-01-01T00:00:00.000Z",
};

describe("what a live event refreshes", () => {
  it("refreshes the company's contractor list and overview when a contractor changes", () => {
    expect(queriesChangedBy("contractor.updated", { companyId: "c1", contractor })).toEqual([
      ["companies", "c1", "contractors"],
      ["companies", "c1", "held-emails"],
      ["companies", "c1", "overview"],
    ]);
  });

  it("refreshes the company's tasks, its overview and the contractor's own tasks when a task changes", () => {
    expect(queriesChangedBy("task.updated", { companyId: "c1", task })).toEqual([
      ["companies", "c1", "tasks"],
      ["companies", "c1", "held-emails"],
      ["companies", "c1", "overview"],
      ["me", "tasks"],
    ]);
  });

  it("refreshes everything of the company when the event was too large to carry", () => {
    expect(queriesChangedBy("import.updated", { refetch: true, companyId: "c1" })).toEqual([
      ["companies", "c1"],
      ["me", "tasks"],
    ]);
  });

  it("refreshes every company's and every support query when an event of no company was too large to carry", () => {
    expect(queriesChangedBy("support.message", { refetch: true })).toEqual([["companies"], ["support"]]);
  });

  it("refreshes the person's chat, the conversation's thread and the console's list on a support message", () => {
    expect(queriesChangedBy("support.message", { conversationId: "v1", message })).toEqual([
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
    dispatchLiveEvent("task.updated", { companyId: "c1", task });
    dispatchLiveEvent("contractor.updated", { companyId: "c2", contractor });
    stop();
    dispatchLiveEvent("task.updated", { companyId: "c3", task });
    expect(heard).toEqual(["c1"]);
  });
});
