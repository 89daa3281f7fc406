/**
 * Payout details: the bank account a contractor is paid to (account holder, IBAN, BIC). The web form checks
 * them as they are typed and the server checks them again with the same rules and messages.
 */

/**
 * The IBAN registry (SWIFT): each country's BBAN, after the country code and check digits, in SWIFT's
 * notation (`8n10n`: 8 digits then 10 digits; `a` upper-case letters, `c` letters or digits).
 */
const BBAN_FORMATS: Record<string, string> = {
  AD: "4n4n12c",
  AE: "3n16n",
  AL: "8n16c",
  AT: "5n11n",
  AZ: "4a20c",
  BA: "3n3n8n2n",
  BE: "3n7n2n",
  BG: "4a4n2n8c",
  BH: "4a14c",
  BR: "8n5n10n1a1c",
  BY: "4c4n16c",
  CH: "5n12c",
  CR: "4n14n",
  CY: "3n5n16c",
  CZ: "4n6n10n",
  DE: "8n10n",
  DK: "4n9n1n",
  DO: "4c20n",
  EE: "2n2n11n1n",
  EG: "4n4n17n",
  ES: "4n4n1n1n10n",
  FI: "3n11n",
  FO: "4n9n1n",
  FR: "5n5n11c2n",
  GB: "4a6n8n",
  GE: "2a16n",
  GI: "4a15c",
  GL: "4n9n1n",
  GR: "3n4n16c",
  GT: "4c20c",
  HR: "7n10n",
  HU: "3n4n1n15n1n",
  IE: "4a6n8n",
  IL: "3n3n13n",
  IQ: "4a3n12n",
  IS: "4n2n6n10n",
  IT: "1a5n5n12c",
  JO: "4a4n18c",
  KW: "4a22c",
  KZ: "3n13c",
  LB: "4n20c",
  LC: "4a24c",
  LI: "5n12c",
  LT: "5n11n",
  LU: "3n13c",
  LV: "4a13c",
  MC: "5n5n11c2n",
  MD: "2c18c",
  ME: "3n13n2n",
  MK: "3n10c2n",
  MR: "5n5n11n2n",
  MT: "4a5n18c",
  MU: "4a2n2n12n3n3a",
  NL: "4a10n",
  NO: "4n6n1n",
  PK: "4a16c",
  PL: "8n16n",
  PS: "4a21c",
  PT: "4n4n11n2n",
  QA: "4a21c",
  RO: "4a16c",
  RS: "3n13n2n",
  SA: "2n18c",
  SC: "4a2n2n16n3a",
  SE: "3n16n1n",
  SI: "5n8n2n",
  SK: "4n6n10n",
  SM: "1a5n5n12c",
  ST: "8n11n2n",
  SV: "4a20n",
  TL: "3n14n2n",
  TN: "2n3n13n2n",
  TR: "5n1n16c",
  UA: "6n19c",
  VA: "3n15n",
  VG: "4a16n",
  XK: "4n10n2n",
};

const CLASSES: Record<string, string> = { n: "[0-9]", a: "[A-Z]", c: "[A-Z0-9]" };

function bbanPattern(format: string): { length: number; pattern: RegExp } {
  let length = 0;
  let source = "";
  for (const [, count, kind] of format.matchAll(/(\d+)([nac])/g)) {
    length += Number(count);
    source += `${CLASSES[kind ?? "c"]}{${count}}`;
  }
  return { length, pattern: new RegExp(`^${source}$`) };
}

/** The IBAN as a bank file carries it: upper case, without spaces. */
export function normalizeIban(text: string): string {
  return text.replace(/[\s-]+/g, "").toUpperCase();
}

/** Groups of four, as people read and type it: `DE89 3704 0044 0532 0130 00`. */
export function formatIban(iban: string): string {
  return normalizeIban(iban).replace(/(.{4})(?=.)/g, "$1 ");
}

/** ISO 7064 mod 97-10 over the rearranged IBAN: 1 for a valid one. */
function mod97(iban: string): number {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const value = ch >= "A" && ch <= "Z" ? String(ch.charCodeAt(0) - 55) : ch;
    for (const digit of value) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder;
}

export type FieldCheck = { ok: true; value: string } | { ok: false; message: string };

/** The IBAN's country length and format, then its check digits (mod 97), each with a message to act on. */
export function checkIban(text: string): FieldCheck {
  const iban = normalizeIban(text);
  if (iban === "") return { ok: false, message: "Enter the IBAN of the account to be paid to." };
  if (!/^[A-Z0-9]+$/.test(iban))
    return { ok: false, message: "An IBAN has only letters and digits (spaces are fine)." };
  const country = iban.slice(0, 2);
  if (!/^[A-Z]{2}/.test(iban))
    return { ok: false, message: "An IBAN starts with the two letters of its country, such as DE or FR." };
  const format = BBAN_FORMATS[country];
  if (!format) return { ok: false, message: `${country} is not a country that uses IBANs.` };
  const { length, pattern } = bbanPattern(format);
  const expected = length + 4;
  if (iban.length !== expected) {
    return {
      ok: false,
      message: `An IBAN from ${country} has ${expected} characters; this one has ${iban.length}.`,
    };
  }
  if (!/^[0-9]{2}$/.test(iban.slice(2, 4)))
    return { ok: false, message: "The third and fourth characters of an IBAN are its check digits." };
  if (!pattern.test(iban.slice(4)))
    return {
      ok: false,
      message: `This is not the format of an IBAN from ${country}: check the characters after the first four.`,
    };
  if (mod97(iban) !== 1)
    return { ok: false, message: "The check digits do not match: look for a mistyped character." };
  return { ok: true, value: iban };
}

/** A BIC (SWIFT code) of 8 or 11 characters: bank, country, location, and an optional branch. */
export function checkBic(text: string): FieldCheck {
  const bic = text.replace(/\s+/g, "").toUpperCase();
  if (bic === "") return { ok: false, message: "Enter the BIC (SWIFT code) of the bank." };
  if (!/^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(bic))
    return {
      ok: false,
      message: "A BIC has 8 or 11 letters and digits: 4 for the bank, 2 for its country, then 2 (and 3).",
    };
  return { ok: true, value: bic };
}

/** As many characters as a SEPA transfer carries for the creditor's name. */
export const ACCOUNT_HOLDER_MAX = 70;

export function checkAccountHolder(text: string): FieldCheck {
  const name = text.trim().replace(/\s+/g, " ");
  if (name === "")
    return { ok: false, message: "Enter the name of the account holder, as the bank knows it." };
  if (name.length > ACCOUNT_HOLDER_MAX)
    return {
      ok: false,
      message: `The account holder's name may have at most ${ACCOUNT_HOLDER_MAX} characters.`,
    };
  return { ok: true, value: name };
}

/** Territories whose banks use the IBANs of another country (the SEPA rulebook's list). */
const TERRITORIES: Record<string, string[]> = {
  FI: ["AX"],
  FR: ["GF", "GP", "MQ", "RE", "PF", "TF", "YT", "NC", "BL", "MF", "PM", "WF"],
  GB: ["IM", "JE", "GG"],
};

/** A bank's BIC names the country of the IBANs it keeps (or one of that country's territories). */
export function bicMatchesIban(bic: string, iban: string): boolean {
  const bank = bic.slice(4, 6);
  const country = iban.slice(0, 2);
  return bank === country || (TERRITORIES[country]?.includes(bank) ?? false);
}

export interface PayoutDetailsInput {
  accountHolder: string;
  iban: string;
  bic: string;
}

/** Every field's message at once (the form's and the server's), or the details as they are kept. */
export function checkPayoutDetails(
  input: PayoutDetailsInput,
):
  | { ok: true; value: PayoutDetailsInput }
  | { ok: false; errors: Array<{ field: string; message: string }> } {
  const checks = {
    accountHolder: checkAccountHolder(input.accountHolder),
    iban: checkIban(input.iban),
    bic: checkBic(input.bic),
  };
  const errors = Object.entries(checks).flatMap(([field, check]) =>
    check.ok ? [] : [{ field, message: check.message }],
  );
  if (!checks.accountHolder.ok || !checks.iban.ok || !checks.bic.ok) return { ok: false, errors };
  if (!bicMatchesIban(checks.bic.value, checks.iban.value)) {
    const message = `This BIC is of a bank in ${checks.bic.value.slice(4, 6)}, but the IBAN is from ${checks.iban.value.slice(0, 2)}: check both.`;
    return { ok: false, errors: [{ field: "bic", message }] };
  }
  return {
    ok: true,
    value: { accountHolder: checks.accountHolder.value, iban: checks.iban.value, bic: checks.bic.value },
  };
}
