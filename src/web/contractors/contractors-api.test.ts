import type { InfiniteData } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { applyContractorUpdate, type Contractor, type ContractorPage } from "./contractors-api.ts";

function contractor(id: string, status: Contractor["status"]): Contractor {
  return {
    id,
    email: `${id}@example.com`,
    name: id,
    status,
    invitedAt: "2026-01-01T00:00:00.000Z",
    activatedAt: status === "active" ? "2026-01-02T00:00:00.000Z" : null,
    invitationEmail: { status: "sent", at: "2026-01-01T00:00:01.000Z", reason: null },
  };
}

function pages(...lists: Contractor[][]): InfiniteData<ContractorPage, string | null> {
  return {
    pages: lists.map((items) => ({ items, nextCursor: null })),
    pageParams: lists.map((_, i) => (i === 0 ? null : `c${i}`)),
  };
}

describe("a contractor.updated event on a loaded list", () => {
  it("turns the row's badge to Active where it is shown, on any page", () => {
    const data = pages([contractor("a", "invited")], [contractor("b", "invited")]);
    const next = applyContractorUpdate(data, contractor("b", "active"), "current");
    expect(next?.pages[1]?.items[0]?.status).toBe("active");
    expect(next?.pages[0]).toBe(data.pages[0]);
  });

  it("drops the row when its new status leaves the filter", () => {
    const data = pages([contractor("a", "invited"), contractor("b", "invited")]);
    const next = applyContractorUpdate(data, contractor("a", "active"), "invited");
    expect(next?.pages[0]?.items.map((c) => c.id)).toEqual(["b"]);
    const removed = applyContractorUpdate(data, contractor("b", "removed"), "current");
    expect(removed?.pages[0]?.items.map((c) => c.id)).toEqual(["a"]);
  });

  it("leaves the list as it is for a contractor it does not show (the refetch adds new rows)", () => {
    const data = pages([contractor("a", "invited")]);
    expect(applyContractorUpdate(data, contractor("z", "invited"), "current")).toBe(data);
  });
});
