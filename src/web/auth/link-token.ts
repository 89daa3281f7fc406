/** Pages that email links open with `?token=…`. */
export const TOKEN_PAGES = [
  "/set-password",
  "/verify-email",
  "/invitation",
  "/support",
  "/confirm-email-change",
  "/cancel-email-change",
] as const;

export interface SplitUrl {
  token: string | null;
  /** The same address without the token, for the address bar. */
  cleanUrl: string;
}

/** Takes `token` out of an address (path, query and hash kept), so that it can leave the address bar. */
export function splitToken(href: string): SplitUrl {
  const url = new URL(href);
  const token = url.searchParams.get("token");
  if (token === null) return { token: null, cleanUrl: url.pathname + url.search + url.hash };
  url.searchParams.delete("token");
  return { token: token || null, cleanUrl: url.pathname + url.search + url.hash };
}

const captured = new Map<string, string>();

/**
 * Runs once, before the router reads the address: a token in the URL of a token page moves into memory and
 * out of the address bar (and so out of history, bookmarks and screenshots) at once.
 */
export function captureLinkToken(): void {
  const { pathname, href } = window.location;
  if (!(TOKEN_PAGES as readonly string[]).includes(pathname)) return;
  const { token, cleanUrl } = splitToken(href);
  if (token === null) return;
  captured.set(pathname, token);
  window.history.replaceState(window.history.state, "", cleanUrl);
}

/** The token the page at `pathname` was opened with, or null (opened without one, or reloaded). */
export function linkToken(pathname: string): string | null {
  return captured.get(pathname) ?? null;
}
