import { isCountryCode } from "./countries.ts";
import type { ProblemDetail } from "./wire/problem.ts";
import type { ProfileValues } from "./wire/profile.ts";

/** The required information's text fields (everything but the agreement). */
export type ProfileTextField = Exclude<keyof ProfileValues, "agreementAccepted">;

const LATIN_NAME = /^\p{Script=Latin}+(?:[ '’-]+\p{Script=Latin}+)*$/u;

interface FieldRule {
  label: string;
  max: number;
  check?: (value: string) => string | null;
}

/** Each field's rule, in the form's order: the profile page checks as you type, the server on save. */
const RULES: Record<ProfileTextField, FieldRule> = {
  firstName: {
    label: "First name",
    max: 100,
    check: (v) =>
      LATIN_NAME.test(v) ? null : "First name: use Latin letters, spaces, hyphens and apostrophes.",
  },
  lastName: {
    label: "Last name",
    max: 100,
    check: (v) =>
      LATIN_NAME.test(v) ? null : "Last name: use Latin letters, spaces, hyphens and apostrophes.",
  },
  country: {
    label: "Country",
    max: 2,
    check: (v) => (isCountryCode(v) ? null : "Country: choose a country (a two-letter ISO 3166 code)."),
  },
  city: { label: "City", max: 100 },
  address: { label: "Address", max: 300 },
  postalCode: {
    label: "Postal code",
    max: 20,
    check: (v) =>
      /^[\p{L}\p{N} -]+$/u.test(v) ? null : "Postal code: use letters, digits, spaces and hyphens.",
  },
  taxId: { label: "Tax ID", max: 50 },
  phone: {
    label: "Phone",
    max: 30,
    check: (v) =>
      /^\+?[0-9 ()./-]+$/.test(v) && (v.match(/[0-9]/g) ?? []).length >= 5
        ? null
        : "Phone: digits, with an optional leading + and spaces, dashes or brackets.",
  },
};

const PROFILE_TEXT_FIELDS = Object.keys(RULES) as ProfileTextField[];

export const AGREEMENT_REQUIRED = "Accept the agreement to continue.";

/** A field's value as it is kept: trimmed, inner runs of spaces made one, a country code in capitals. */
function cleanProfileValue(field: ProfileTextField, raw: string): string {
  const value = raw.trim().replace(/\s+/g, " ");
  return field === "country" ? value.toUpperCase() : value;
}

/** What is wrong with one field's value, or null. */
export function profileFieldProblem(field: ProfileTextField, raw: string): string | null {
  const rule = RULES[field];
  const value = cleanProfileValue(field, raw);
  if (!value) return `${rule.label} is required.`;
  if (value.length > rule.max) return `${rule.label}: at most ${rule.max} characters.`;
  return rule.check?.(value) ?? null;
}

/** Every missing or invalid field, each with a message; the cleaned values when there is none. */
export function validateProfile(input: Partial<ProfileValues>): {
  values: Partial<Record<ProfileTextField, string>>;
  errors: ProblemDetail[];
} {
  const errors: ProblemDetail[] = [];
  const values: Partial<Record<ProfileTextField, string>> = {};
  for (const field of PROFILE_TEXT_FIELDS) {
    const raw = input[field];
    const problem = profileFieldProblem(field, typeof raw === "string" ? raw : "");
    if (problem) errors.push({ field, message: problem });
    else values[field] = cleanProfileValue(field, raw ?? "");
  }
  if (input.agreementAccepted !== true)
    errors.push({ field: "agreementAccepted", message: AGREEMENT_REQUIRED });
  return { values, errors };
}
