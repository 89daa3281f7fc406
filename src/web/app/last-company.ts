const KEY = "crewdesk.lastCompanyId";

/** The company last opened, so that `/` returns to it for users of several companies. */
export function lastCompanyId(): string | null {
  try {
    return window.localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function rememberCompany(companyId: string): void {
  try {
    window.localStorage.setItem(KEY, companyId);
  } catch {
    // Storage may be disabled (private mode): `/` then opens the first company.
  }
}
