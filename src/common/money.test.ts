import { describe, expect, it } from "vitest";
import { currencyCodes, currencyDigits, isCurrencyCode } from "./currencies.ts";
import { formatMoney, MAX_AMOUNT_MAJOR, parseMoney } from "./money.ts";

function minorOf(amount: string, currency: string): number {
  const parsed = parseMoney(amount, currency);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.money.minor;
}

function errorOf(amount: string, currency: string): { field: string; message: string } {
  const parsed = parseMoney(amount, currency);
  if (parsed.ok) throw new Error(`${amount} ${currency} was accepted`);
  return { field: parsed.field, message: parsed.message };
}

describe("currencies", () => {
  it("knows each currency's decimals from ISO 4217", () => {
    expect(currencyDigits("JPY")).toBe(0);
    expect(currencyDigits("USD")).toBe(2);
    expect(currencyDigits("BHD")).toBe(3);
  });

  it("accepts real codes only, in upper case", () => {
    expect(isCurrencyCode("EUR")).toBe(true);
    expect(isCurrencyCode("eur")).toBe(false);
    expect(isCurrencyCode("ABC")).toBe(false);
    expect(isCurrencyCode("US")).toBe(false);
    expect(currencyCodes()).toContain("USD");
  });

  it("refuses the codes ISO lists beside money: funds, units of account, metals and testing", () => {
    for (const code of ["XDR", "XSU", "CHE", "XAU", "XTS", "XXX"]) {
      expect(isCurrencyCode(code), code).toBe(false);
      expect(currencyCodes()).not.toContain(code);
    }
    expect(isCurrencyCode("XOF")).toBe(true);
  });
});

describe("parsing an amount", () => {
  it("reads a decimal string into minor units", () => {
    expect(minorOf("1234.50", "USD")).toBe(123450);
    expect(minorOf("1234.5", "USD")).toBe(123450);
    expect(minorOf("1234", "USD")).toBe(123400);
    expect(minorOf("0.01", "USD")).toBe(1);
    expect(minorOf("1500", "JPY")).toBe(1500);
    expect(minorOf("1.250", "BHD")).toBe(1250);
    expect(minorOf(" 7.10 ", "EUR")).toBe(710);
    expect(minorOf("007.10", "EUR")).toBe(710);
  });

  it("refuses more decimals than the currency has, naming the amount", () => {
    expect(errorOf("1500.5", "JPY")).toEqual({
      field: "amount",
      message: "amount must be a whole number in JPY",
    });
    expect(errorOf("1.005", "USD").message).toBe("amount may have at most 2 decimals in USD");
    expect(errorOf("1.0001", "BHD").message).toBe("amount may have at most 3 decimals in BHD");
  });

  it("takes trailing zeros beyond the currency's decimals as the same amount", () => {
    expect(minorOf("1500.00", "JPY")).toBe(1500);
    expect(minorOf("2.500", "USD")).toBe(250);
  });

  it("refuses zero, negatives and anything that is not a plain decimal", () => {
    expect(errorOf("0", "USD").message).toBe("amount must be greater than zero");
    expect(errorOf("0.00", "USD").message).toBe("amount must be greater than zero");
    for (const bad of [
      "-5",
      "+5",
      "1,234.50",
      "1 234",
      "1e3",
      "",
      ".5",
      "5.",
      "12.3.4",
      "abc",
      "NaN",
      "Infinity",
    ]) {
      expect(errorOf(bad, "USD").field, bad).toBe("amount");
    }
  });

  it("refuses amounts at or beyond the maximum, without losing precision on the way", () => {
    expect(errorOf(String(MAX_AMOUNT_MAJOR), "USD").message).toMatch(/less than/);
    expect(errorOf("99999999999999999999999", "USD").message).toMatch(/less than/);
    const largest = `${MAX_AMOUNT_MAJOR - 1}.999`;
    expect(minorOf(largest, "BHD")).toBe((MAX_AMOUNT_MAJOR - 1) * 1000 + 999);
    expect(Number.isSafeInteger(minorOf(largest, "BHD"))).toBe(true);
  });

  it("refuses an unknown currency, naming the currency", () => {
    expect(errorOf("10", "XYZ").field).toBe("currency");
    expect(errorOf("10", "usd").field).toBe("currency");
  });
});

describe("formatting an amount", () => {
  it("writes minor units back with the currency's decimals", () => {
    expect(formatMoney({ minor: 123450, currency: "USD" })).toBe("1234.50");
    expect(formatMoney({ minor: 1, currency: "USD" })).toBe("0.01");
    expect(formatMoney({ minor: 1500, currency: "JPY" })).toBe("1500");
    expect(formatMoney({ minor: 1250, currency: "BHD" })).toBe("1.250");
    expect(formatMoney({ minor: 5, currency: "BHD" })).toBe("0.005");
  });

  it("round-trips what it parses", () => {
    for (const [amount, currency] of [
      ["1234.50", "USD"],
      ["0.05", "EUR"],
      ["1000000", "KRW"],
      ["3.141", "KWD"],
    ] as const) {
      expect(formatMoney({ minor: minorOf(amount, currency), currency })).toBe(amount);
    }
  });
});
