import { describe, expect, it } from "vitest";
import { safeNextPath, signInPathFor } from "./next-path.ts";

describe("going back after sign-in", () => {
  it("returns to a page of this site", () => {
    expect(safeNextPath("/companies/c1/tasks?status=offered")).toBe("/companies/c1/tasks?status=offered");
  });

  it("never leaves for another site", () => {
    for (const next of [
      "https://evil.test/",
      "//evil.test",
      "/\\evil.test",
      "/\t/evil.test",
      "javascript:alert(1)",
    ]) {
      expect(safeNextPath(next)).toBeNull();
    }
  });

  it("builds the sign-in address with the page to return to", () => {
    expect(signInPathFor("/my/tasks")).toBe("/sign-in?next=%2Fmy%2Ftasks");
    expect(signInPathFor("/")).toBe("/sign-in");
  });
});
