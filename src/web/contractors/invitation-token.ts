import { linkToken } from "../auth/link-token.ts";

/**
 * The invitation token survives the detour through the sign-in page in this tab's sessionStorage, never in
 * the address bar: it is gone when the tab closes, and removed once the invitation is answered.
 */
const STORAGE_KEY = "crewdesk.invitationToken";

function storage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null; // storage disabled: the token then lives in memory only
  }
}

/** The token this page was opened with, or the one kept for it while the user signed in. */
export function invitationToken(): string | null {
  const fresh = linkToken("/invitation");
  if (fresh) {
    storage()?.setItem(STORAGE_KEY, fresh);
    return fresh;
  }
  return storage()?.getItem(STORAGE_KEY) ?? null;
}

export function forgetInvitationToken(): void {
  storage()?.removeItem(STORAGE_KEY);
}
