import type { FastifyRequest } from "fastify";
import type { UsersTable } from "../db/types.ts";
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

declare module "fastify" {
  interface FastifyRequest {
    auth: RequestSession | null;
  }
}

/** The signed-in user, or 401. */
export function requireUser(request: FastifyRequest): RequestSession {
  if (!request.auth) throw unauthorized();
  return request.auth;
}
