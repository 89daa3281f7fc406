import { describe, expect, it } from "vitest";
import { checkBic, checkIban, checkPayoutDetails, formatIban } from "./payout-details.ts";

describe("IBAN", () => {
  it("accepts valid IBANs of several countries, typed with spaces and in lower case", () => {
    for (const iban of [
      "DE89 3704 0044 0532 0130 00",
      "fr14 2004 1010 0505 0001 3m02 606",
      "GB29 NWBK 6016 1331 9268 19",
      "NL91ABNA0417164300",
      "NO9386011117947",
      "MT84MALT011000012345MTLCAST001S",
    ]) {
      expect(checkIban(iban)).toMatchObject({ ok: true });
    }
    expect(checkIban("de89 3704 0044 0532 0130 00")).toEqual({ ok: true, value: "DE89370400440532013000" });
    expect(formatIban("DE89370400440532013000")).toBe("DE89 3704 0044 0532 0130 00");
  });

  it("says what is wrong: a typo, the country's length, its format, an unknown country", () => {
    expect(checkIban("DE89 3704 0044 0532 0130 01")).toEqual({
      ok: false,
      message: "The check digits do not match: look for a mistyped character.",
    });
    expect(checkIban("DE89 3704 0044 0532 0130")).toEqual({
      ok: false,
      message: "An IBAN from DE has 22 characters; this one has 20.",
    });
    expect(checkIban("DE89 3704 0044 0532 0130 0A")).toMatchObject({
      ok: false,
      message: expect.stringContaining("format"),
    });
    expect(checkIban("US12 3456 7890")).toEqual({
      ok: false,
      message: "US is not a country that uses IBANs.",
    });
    expect(checkIban("")).toMatchObject({ ok: false });
    expect(checkIban("DE89-3704!")).toMatchObject({
      ok: false,
      message: expect.stringContaining("letters and digits"),
    });
  });
});

describe("BIC and the whole form", () => {
  it("accepts 8 or 11 characters and names each wrong field, and a BIC of another country than the IBAN", () => {
    expect(checkBic("cobadeffxxx")).toEqual({ ok: true, value: "COBADEFFXXX" });
    expect(checkBic("COBADEFF")).toMatchObject({ ok: true });
    expect(checkBic("COBADE")).toMatchObject({ ok: false });
    expect(checkPayoutDetails({ accountHolder: " ", iban: "x", bic: "" })).toMatchObject({
      ok: false,
      errors: [{ field: "accountHolder" }, { field: "iban" }, { field: "bic" }],
    });
    expect(
      checkPayoutDetails({ accountHolder: "Ann", iban: "DE89370400440532013000", bic: "ABNANL2A" }),
    ).toMatchObject({ ok: false, errors: [{ field: "bic" }] });
    expect(
      checkPayoutDetails({
        accountHolder: "  Ann   Lee ",
        iban: "DE89370400440532013000",
        bic: "COBADEFFXXX",
      }),
    ).toEqual({
      ok: true,
      value: { accountHolder: "Ann Lee", iban: "DE89370400440532013000", bic: "COBADEFFXXX" },
    });
  });
});
