import type { FastifyRequest } from "fastify";
import type { MembershipRole, UsersTable } from "../db/types.ts";
import { unauthorized } from "./problem.ts";

/**
 * The signed-in user of a request and their session. The auth feature reads it from the session cookie or
 * an `Authorization: Bearer` token before any route runs; the platform only knows its shape, so a platform
 * route (the event stream) can require a signed-in user without knowing how sessions work.
 */
export interface RequestSession {
  sessionId: string;
  user: UsersTable;
}

/**
 * A company's API token the request came with (`Authorization: Bearer`): it acts as its company with its role,
 * on company routes only. A request with one has no `auth`: routes of a person (the account, /api/me) answer 401.
 */
export interface RequestApiToken {
  id: string;
  companyId: string;
  role: MembershipRole;
  /** The owner who created it: company use cases run for them. */
  createdBy: string;
}

declare module "fastify" {
  interface FastifyRequest {
    auth: RequestSession | null;
    apiToken: RequestApiToken | null;
  }
}

/** The signed-in user, or 401. */
export function requireUser(request: FastifyRequest): RequestSession {
  if (!request.auth) throw unauthorized();
  return request.auth;
}
