import { describe, expect, it } from "vitest";
import { base32Decode, base32Encode, hotp, matchTotp, totpCode, totpStep } from "./totp.ts";

// RFC 6238 appendix B: the SHA-1 seed "12345678901234567890"; its 8-digit codes end in these 6 digits.
const RFC_SECRET = base32Encode(Buffer.from("12345678901234567890"));

describe("TOTP", () => {
  it("gives the codes of RFC 6238's test vectors", () => {
    expect(totpCode(RFC_SECRET, new Date(59_000))).toBe("287082");
    expect(totpCode(RFC_SECRET, new Date(1_111_111_109_000))).toBe("081804");
    expect(totpCode(RFC_SECRET, new Date(1_234_567_890_000))).toBe("005924");
    expect(totpCode(RFC_SECRET, new Date(2_000_000_000_000))).toBe("279037");
  });

  it("gives RFC 4226's HOTP values", () => {
    expect([0, 1, 2].map((c) => hotp(RFC_SECRET, c))).toEqual(["755224", "287082", "359152"]);
  });

  it("reads back what it encodes in base32", () => {
    const bytes = Buffer.from([0, 1, 2, 250, 251, 252, 253, 254, 255, 7]);
    expect(base32Decode(base32Encode(bytes))).toEqual(bytes);
  });

  it("accepts the previous and next step, and refuses older ones", () => {
    const now = new Date(1_700_000_000_000);
    const step = totpStep(now);
    expect(matchTotp(RFC_SECRET, hotp(RFC_SECRET, step - 1), now, null)).toBe(step - 1);
    expect(matchTotp(RFC_SECRET, hotp(RFC_SECRET, step + 1), now, null)).toBe(step + 1);
    expect(matchTotp(RFC_SECRET, hotp(RFC_SECRET, step - 2), now, null)).toBeNull();
  });

  it("refuses a code of a step already used, or of one before it", () => {
    const now = new Date(1_700_000_000_000);
    const step = totpStep(now);
    expect(matchTotp(RFC_SECRET, hotp(RFC_SECRET, step), now, step)).toBeNull();
    expect(matchTotp(RFC_SECRET, hotp(RFC_SECRET, step - 1), now, step)).toBeNull();
    expect(matchTotp(RFC_SECRET, hotp(RFC_SECRET, step + 1), now, step)).toBe(step + 1);
  });

  it("refuses anything that is not six digits", () => {
    expect(matchTotp(RFC_SECRET, "12345", new Date(), null)).toBeNull();
    expect(matchTotp(RFC_SECRET, "abcdef", new Date(), null)).toBeNull();
  });
});
