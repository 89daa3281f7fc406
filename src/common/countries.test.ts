import { describe, expect, it } from "vitest";
import { countryOptions, isCountryCode } from "./countries.ts";

describe("countryOptions", () => {
  const options = countryOptions("en");

  it("names the countries of ISO 3166 by their two-letter code", () => {
    expect(options).toContainEqual({ value: "DE", label: "Germany" });
    expect(options).toContainEqual({ value: "JP", label: "Japan" });
    // The 249 officially assigned codes, and Kosovo.
    expect(options.length).toBe(250);
  });

  it("leaves out regions that are not countries", () => {
    const codes = options.map((o) => o.value);
    for (const code of ["EU", "EZ", "UN", "ZZ", "QO", "AA", "XA", "XB", "IC", "UK", "YU", "BU"])
      expect(codes).not.toContain(code);
  });

  it("sorts by name, so the list reads alphabetically", () => {
    const labels = options.map((o) => o.label);
    expect([...labels].sort((a, b) => a.localeCompare(b))).toEqual(labels);
  });
});

describe("isCountryCode", () => {
  it("accepts the codes the profile form offers and refuses regions, placeholders and withdrawn codes", () => {
    for (const code of ["DE", "US", "JP", "XK"]) expect(isCountryCode(code), code).toBe(true);
    for (const code of ["EU", "UN", "XA", "UK", "YU", "AC", "de", "DEU", ""])
      expect(isCountryCode(code), code).toBe(false);
  });
});
