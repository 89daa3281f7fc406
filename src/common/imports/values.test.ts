import { describe, expect, it } from "vitest";
import { excelSerialToDate, parseImportAmount, parseImportCurrency, parseImportDate } from "./values.ts";

const amount = (cell: string | number, currency: string | null = "USD") => {
  const parsed = parseImportAmount(cell, currency);
  return parsed.ok ? parsed.value : `error: ${parsed.message}`;
};

describe("amounts as people write them", () => {
  it("reads the product's three forms and their neighbours", () => {
    expect(amount("1234.5")).toBe("1234.5");
    expect(amount("1 234,50")).toBe("1234.50");
    expect(amount("1,234.50")).toBe("1234.50");
    expect(amount("1.234,50")).toBe("1234.50");
    expect(amount("1\u00a0234,50")).toBe("1234.50");
    expect(amount("1\u202f234.5")).toBe("1234.5");
    expect(amount("1'234.50")).toBe("1234.50");
    expect(amount("1,234,567.89")).toBe("1234567.89");
    expect(amount("99,9")).toBe("99.9");
    expect(amount("+12")).toBe("12");
    expect(amount(1234.5)).toBe("1234.5");
    expect(amount(0.1 + 0.2)).toBe("0.3");
  });

  it("reads a lone comma before three digits as thousands, unless the currency has three decimals", () => {
    expect(amount("1,234", "USD")).toBe("1234");
    expect(amount("1,234", "JPY")).toBe("1234");
    expect(amount("1,234", "BHD")).toBe("1.234");
  });

  it("refuses what is not an amount, with a message", () => {
    expect(amount("")).toBe("error: Amount is required.");
    expect(amount("-5")).toBe("error: Amount must be greater than zero.");
    expect(amount("0,00")).toBe("error: Amount must be greater than zero.");
    expect(amount("12abc")).toMatch(/^error: Amount "12abc" is not a number/);
    expect(amount("1,23,4")).toMatch(/^error: Amount "1,23,4" is not a number/);
    expect(amount("1.2.3")).toMatch(/is not a number/);
    expect(amount("100000000000")).toMatch(/^error: Amount must be less than/);
  });
});

describe("dates", () => {
  const date = (cell: Parameters<typeof parseImportDate>[0]) => {
    const parsed = parseImportDate(cell);
    return parsed.ok ? parsed.value : `error: ${parsed.message}`;
  };

  it("reads ISO dates, day.month.year, date cells and Excel day numbers", () => {
    expect(date("2026-12-31")).toBe("2026-12-31");
    expect(date("2026-12-31T10:00:00Z")).toBe("2026-12-31");
    expect(date("31.12.2026")).toBe("2026-12-31");
    expect(date("1.2.2027")).toBe("2027-02-01");
    expect(date({ date: "2026-12-31" })).toBe("2026-12-31");
    expect(date(46387)).toBe("2026-12-31");
    expect(date("")).toBeNull();
    expect(date(null)).toBeNull();
  });

  it("refuses dates that do not exist and forms it cannot read unambiguously", () => {
    expect(date("2026-02-29")).toBe('error: Deadline "2026-02-29" is not a date that exists.');
    expect(date("31.02.2026")).toMatch(/is not a date that exists/);
    expect(date("12/31/2026")).toMatch(/must be a date such as 2026-12-31 or 31.12.2026/);
    expect(date(-1)).toMatch(/^error:/);
  });

  it("counts Excel's days from its 1900 epoch, past its fictitious 29 February 1900", () => {
    expect(excelSerialToDate(61)).toBe("1900-03-01");
    expect(excelSerialToDate(45658)).toBe("2025-01-01");
    expect(excelSerialToDate(60)).toBeNull();
  });
});

describe("currencies", () => {
  it("takes ISO codes in any case and refuses the rest", () => {
    expect(parseImportCurrency(" eur ")).toEqual({ ok: true, value: "EUR" });
    expect(parseImportCurrency("")).toEqual({ ok: false, message: "Currency is required." });
    expect(parseImportCurrency("$")).toEqual({
      ok: false,
      message: 'Currency "$" is not an ISO 4217 code such as USD or EUR.',
    });
  });
});
