import type { CompanyRole } from "./wire/me.ts";

/** The longest company name (the sign-up form's limit). */
export const MAX_COMPANY_NAME_LENGTH = 200;
/** The longest name of an API token. */
export const MAX_TOKEN_NAME_LENGTH = 100;

/** What each role may do, as the settings page says it. */
export const ROLE_DESCRIPTIONS: Record<CompanyRole, string> = {
  owner: "Everything, including team members, API tokens and money.",
  manager: "Contractors, tasks and imports; money pages read-only.",
};

export const ROLE_LABELS: Record<CompanyRole, string> = { owner: "Owner", manager: "Manager" };

/** The company's settings page: where an owner hands the company over (the account page points here). */
export function settingsPath(companyId: string): string {
  return `/companies/${encodeURIComponent(companyId)}/settings`;
}

export const LAST_OWNER_MESSAGE =
  "A company needs at least one owner. Make another member an owner first, then try again.";
