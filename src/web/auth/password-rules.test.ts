import { describe, expect, it } from "vitest";
import { emailError, passwordLengthError } from "./password-rules.ts";

describe("password length: 8 to 128 characters", () => {
  it("accepts 8 and 128 characters", () => {
    expect(passwordLengthError("a".repeat(8))).toBeNull();
    expect(passwordLengthError("a".repeat(128))).toBeNull();
  });

  it("refuses 7 and 129 characters", () => {
    expect(passwordLengthError("a".repeat(7))).toBe("Use at least 8 characters.");
    expect(passwordLengthError("a".repeat(129))).toBe("Use at most 128 characters.");
  });

  it("counts an emoji as one character, as the server does", () => {
    expect(passwordLengthError("🔑🔑🔑🔑🔑🔑🔑")).toBe("Use at least 8 characters.");
  });
});

describe("email", () => {
  it("asks for an address that looks like one", () => {
    expect(emailError("")).toBe("Enter your email address.");
    expect(emailError("anna")).toMatch(/like name@example.com/);
    expect(emailError(" anna@example.com ")).toBeNull();
  });
});
