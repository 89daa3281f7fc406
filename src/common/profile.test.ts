import { describe, expect, it } from "vitest";
import { profileFieldProblem, validateProfile } from "./profile.ts";

describe("the required information's rules", () => {
  it("asks for every field by its label", () => {
    expect(profileFieldProblem("city", "   ")).toBe("City is required.");
  });

  it("takes names in Latin letters with spaces, hyphens and apostrophes, and nothing else", () => {
    expect(profileFieldProblem("firstName", "Anne-Marie O’Neil")).toBeNull();
    expect(profileFieldProblem("lastName", "Иванов")).toMatch(/^Last name: use Latin letters/);
  });

  it("keeps a country code in capitals and refuses a code that names no country", () => {
    expect(validateProfile({ country: "de" }).values.country).toBe("DE");
    expect(profileFieldProblem("country", "XX")).toMatch(/^Country: choose a country/);
  });

  it("counts a phone's digits", () => {
    expect(profileFieldProblem("phone", "+49 30 1234567")).toBeNull();
    expect(profileFieldProblem("phone", "+1 23")).toMatch(/^Phone:/);
  });

  it("needs the agreement accepted", () => {
    expect(validateProfile({}).errors).toContainEqual({
      field: "agreementAccepted",
      message: "Accept the agreement to continue.",
    });
  });
});
