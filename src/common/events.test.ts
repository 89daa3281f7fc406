import { describe, expect, it } from "vitest";
import { type EventData, isRefetch } from "./events.ts";

describe("live event data", () => {
  it("tells a refetch notice from an event's own payload", () => {
    const refetch: EventData<"contractor.updated"> = { companyId: "c1", refetch: true };
    const support: EventData<"support.message"> = {
      conversationId: "v1",
      message: {
        id: "m1",
        conversationId: "v1",
        from: "person",
        authorName: "Ann",
        body: "hello",
        createdAt: "2026-01-01T00:00:00.000Z",
      },
    };
    expect(isRefetch(refetch)).toBe(true);
    expect(isRefetch(support)).toBe(false);
  });
});
