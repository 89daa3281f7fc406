import { describe, expect, it } from "vitest";
import { normalizeEmail } from "./email.ts";

describe("normalizeEmail", () => {
  it("makes Anna@Example.com and a full-width at sign one address", () => {
    expect(normalizeEmail("  Anna@Example.com ")).toBe("anna@example.com");
    expect(normalizeEmail("anna＠example.com")).toBe("anna@example.com");
  });

  it("turns an international domain into punycode", () => {
    expect(normalizeEmail("Max@Bücher.de")).toBe("max@xn--bcher-kva.de");
  });

  it("refuses what is not an address", () => {
    for (const bad of [
      "",
      "anna",
      "@example.com",
      "anna@",
      "anna@@example.com",
      "a b@example.com",
      "anna@example",
      "anna@example.com\r\nBcc: x@y.z",
      "a..b@example.com",
    ]) {
      expect(normalizeEmail(bad), bad).toBeNull();
    }
  });
});
