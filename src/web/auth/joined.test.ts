import { describe, expect, it } from "vitest";
import { companyList, joinedFrom } from "./joined.ts";

describe("the companies a set-password link made the person join", () => {
  it("reads them from the page's navigation state, and nothing from any other state", () => {
    const joined = [{ companyId: "c1", companyName: "Acme" }];
    expect(joinedFrom({ joined })).toEqual(joined);
    expect(joinedFrom(null)).toEqual([]);
    expect(joinedFrom({ other: 1 })).toEqual([]);
    expect(joinedFrom({ joined: "Acme" })).toEqual([]);
  });

  it("names them in a sentence", () => {
    const c = (companyName: string) => ({ companyId: companyName, companyName });
    expect(companyList([c("Acme")])).toBe("Acme");
    expect(companyList([c("Acme"), c("Globex")])).toBe("Acme and Globex");
    expect(companyList([c("Acme"), c("Globex"), c("Initech")])).toBe("Acme, Globex and Initech");
  });
});
