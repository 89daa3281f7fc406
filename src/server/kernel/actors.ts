import type { AuditDoor } from "../db/types.ts";

/**
 * Who does a use case. Company use cases take a `CompanyActor` (routes get one from `requireCompanyActor`,
 * which answers 404 for a company the caller is not a member of); a signed-in person's own use cases take
 * their `UsersTable` row; the ones before sign-in take a `Visitor`; the support console's take a
 * `SupportAgent` (`requireSupportAgent`).
 */
export interface CompanyActor {
  companyId: string;
  userId: string;
  /** The door the request came through, for the audit trail: the web app when absent. */
  door?: AuditDoor;
  /** The API token it came with (door `api`). */
  tokenId?: string;
}

/** Whoever sends a request, signed in or not: their address (rate limits) and the browser's session. */
export interface Visitor {
  ip: string;
  /** The session the browser already holds, if any: signing in replaces it, never reuses it. */
  sessionId: string | null;
  /** The account of that session: a link opened in a browser signed in to its own account is told apart. */
  userId: string | null;
  /** The browser's User-Agent header: the list of sessions names the browser and system from it. */
  userAgent?: string | null;
}

/** A support agent: an account with the platform role `support`, member of no company. */
export interface SupportAgent {
  userId: string;
  name: string;
}
