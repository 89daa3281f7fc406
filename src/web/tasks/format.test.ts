import { describe, expect, it } from "vitest";
import { formatAmount, formatDeadline } from "./format.ts";

describe("amounts as the task pages show them", () => {
  it("formats a USD amount with its two decimals", () => {
    expect(formatAmount("1234.50", "USD")).toBe("$1,234.50");
  });

  it("formats JPY without decimals", () => {
    expect(formatAmount("1500", "JPY")).toBe("¥1,500");
  });

  it("keeps every digit of an amount too large for a float", () => {
    expect(formatAmount("99999999999.99", "USD")).toBe("$99,999,999,999.99");
  });

  it("shows three decimals for BHD", () => {
    expect(formatAmount("1.250", "BHD")).toContain("1.250");
  });

  it("falls back to the raw text for something that is not an amount", () => {
    expect(formatAmount("abc", "USD")).toBe("abc USD");
  });
});

describe("deadlines", () => {
  it("shows the calendar date whatever the time zone", () => {
    expect(formatDeadline("2026-12-31")).toBe("31 Dec 2026");
  });

  it("shows a dash when there is none", () => {
    expect(formatDeadline(null)).toBe("—");
  });
});
