import { describe, expect, it } from "vitest";
import { headerOf, matchHeaders, normalizeHeader } from "./columns.ts";

describe("the import file's header row", () => {
  it("matches headers whatever their case, spacing, order, and by their aliases", () => {
    const layout = matchHeaders(["AMOUNT", " task   title ", "E-mail", "currency", "Due date", "ExternalID"]);
    expect(layout.missing).toEqual([]);
    expect(layout.positions.get("amount")).toBe(0);
    expect(layout.positions.get("title")).toBe(1);
    expect(layout.positions.get("contractorEmail")).toBe(2);
    expect(layout.positions.get("deadline")).toBe(4);
    expect(layout.positions.get("externalId")).toBe(5);
    expect(headerOf(layout, "title")).toBe("task   title");
  });

  it("lists unknown and repeated columns, and the required ones missing", () => {
    const layout = matchHeaders(["Email", "Notes", "Contractor email", "", "__proto__", "constructor"]);
    expect(layout.unknown).toEqual(["Notes", "__proto__", "constructor"]);
    expect(layout.repeated).toEqual(["Contractor email"]);
    expect(layout.missing.map((c) => c.header)).toEqual(["Task title", "Amount", "Currency"]);
    expect(layout.positions.size).toBe(1);
    expect(Object.hasOwn(Object.prototype, "polluted")).toBe(false);
  });

  it("ignores full-width letters and non-breaking spaces in headers", () => {
    expect(normalizeHeader("Ｃｏｎｔｒａｃｔｏｒ\u00a0Email")).toBe("contractoremail");
  });
});
