import { describe, expect, it } from "vitest";
import { searchPrefixesOf, searchTermsOf, searchTextOf, wordStartNeedle } from "./search.ts";

/** What the inline test in the database does: does some word of the row start with every prefix? */
function matches(text: string, query: string): boolean {
  const prefixes = searchPrefixesOf(query);
  return prefixes.length > 0 && prefixes.every((p) => text.includes(wordStartNeedle(p)));
}

describe("search words", () => {
  it("splits names and emails into folded words, and keeps a whole email too", () => {
    expect(searchTermsOf("Ann-Marie Smith", "Ann.Smith@Example.com")).toEqual([
      "ann",
      "marie",
      "smith",
      "example",
      "com",
      "ann.smith@example.com",
    ]);
    expect(searchTermsOf("Ｍüller  Straße")).toEqual(["müller", "straße"]);
  });

  it("finds a row by the start of any of its words, for every word typed", () => {
    const text = searchTextOf("Ann Smith", "ann.smith@example3.com");
    expect(matches(text, "sm")).toBe(true);
    expect(matches(text, "ANN smi")).toBe(true);
    expect(matches(text, "ann.smith@ex")).toBe(true);
    expect(matches(text, "example3")).toBe(true);
    expect(matches(text, "mith")).toBe(false);
    expect(matches(text, "ann jones")).toBe(false);
    expect(matches(text, "   ")).toBe(false);
  });

  it("never lets a word typed match across two words of the row", () => {
    const text = searchTextOf("Ann Smith");
    expect(searchPrefixesOf("ann smith")).toEqual(["ann", "smith"]);
    expect(matches(text, "nn s")).toBe(false);
    expect(text.includes(wordStartNeedle("n smith"))).toBe(false);
  });

  it("keeps the inline words short enough for an index entry, whatever is typed into a title", () => {
    const title = Array.from({ length: 400 }, (_, i) => `word${i}`).join(" ");
    const text = searchTextOf(title);
    expect(text.length).toBeLessThanOrEqual(500);
    expect(text.startsWith(" word0 word1 ")).toBe(true);
    expect(searchPrefixesOf("a b c d e f g")).toHaveLength(5);
  });
});
