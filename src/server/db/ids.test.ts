import { describe, expect, it, vi } from "vitest";
import { newId } from "./ids.ts";

const timeOf = (id: string) => Number.parseInt(id.replaceAll("-", "").slice(0, 12), 16);

describe("ids", () => {
  it("come out in creation order, even many in the same millisecond", () => {
    const now = Date.now();
    const ids = Array.from({ length: 10_000 }, () => newId(now));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    expect(timeOf(ids[0] ?? "")).toBe(now);
    const later = Array.from({ length: 1000 }, () => newId());
    expect([...later].sort()).toEqual(later);
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("carry the time they are made for, also one long past", () => {
    const hourAgo = Date.now() - 3_600_000;
    expect(timeOf(newId(hourAgo))).toBe(hourAgo);
    expect(newId(hourAgo) < newId()).toBe(true);
  });

  it("keep counting up in order after an id made for a day ahead (a test's clock, a scheduled fact)", () => {
    newId(Date.now() + 86_400_000);
    const now = Date.now();
    const ids = Array.from({ length: 2000 }, () => newId(now));
    expect([...ids].sort()).toEqual(ids);
    expect(timeOf(ids[0] ?? "")).toBe(now);
  });

  it("count on for one transaction's time however long its work takes", () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      const started = Date.now();
      const first = Array.from({ length: 100 }, () => newId(started));
      vi.setSystemTime(started + 5_000);
      const later = Array.from({ length: 100 }, () => newId(started));
      const ids = [...first, ...later];
      expect([...ids].sort()).toEqual(ids);
    } finally {
      vi.useRealTimers();
    }
  });
});
