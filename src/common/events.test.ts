import { describe, expect, it } from "vitest";
import { type EventData, isRefetch } from "./events.ts";

describe("live event data", () => {
  it("tells a refetch notice from an event's own payload", () => {
    const refetch: EventData<"contractor.updated"> = { companyId: "c1", refetch: true };
    const support: EventData<"support.message"> = { conversationId: "v1", message: "hello" };
    expect(isRefetch(refetch)).toBe(true);
    expect(isRefetch(support)).toBe(false);
  });
});
