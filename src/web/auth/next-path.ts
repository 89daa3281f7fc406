/**
 * Where to go after signing in: only a path on this site (`/…`), never `//host` or `/\host`, which browsers
 * treat as another site.
 */
export function safeNextPath(next: string | null | undefined): string | null {
  if (!next) return null;
  if (!next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return null;
  // Browsers drop tabs and new lines inside URLs: "/\t/host" would become "//host".
  if ([...next].some((c) => c.charCodeAt(0) < 0x20)) return null;
  return next;
}

/** The sign-in address that brings the user back to `path` afterwards. */
export function signInPathFor(path: string): string {
  if (path === "/" || !safeNextPath(path)) return "/sign-in";
  return `/sign-in?next=${encodeURIComponent(path)}`;
}
