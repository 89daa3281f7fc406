import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { findSessionUser, type SessionUser } from "../auth/sessions.ts";
import type { Config } from "../config.ts";
import type { Database } from "../db/connection.ts";
import type { MembershipRole } from "../db/types.ts";
import { forbidden, notFound, unauthorized } from "./problem.ts";

declare module "fastify" {
  interface FastifyRequest {
    auth: SessionUser | null;
  }
}

export function sessionCookieName(config: Config): string {
  return config.secureCookies ? "__Host-crewdesk_session" : "crewdesk_session";
}

export function setSessionCookie(reply: FastifyReply, config: Config, token: string): void {
  reply.setCookie(sessionCookieName(config), token, {
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    secure: config.secureCookies,
    maxAge: 30 * 24 * 3600,
  });
}

export function clearSessionCookie(reply: FastifyReply, config: Config): void {
  reply.clearCookie(sessionCookieName(config), {
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    secure: config.secureCookies,
  });
}

/** Reads the session from the cookie (browsers) or `Authorization: Bearer` (integrations). */
export function registerAuthContext(app: FastifyInstance, config: Config, database: Database): void {
  const cookieName = sessionCookieName(config);
  app.decorateRequest("auth", null);
  app.addHook("onRequest", async (request) => {
    if (!request.url.startsWith("/api/")) return;
    const header = request.headers.authorization;
    const token = header?.startsWith("Bearer ") ? header.slice(7).trim() : request.cookies[cookieName];
    if (!token) return;
    request.auth = await findSessionUser(database.db, token);
  });
}

export function requireUser(request: FastifyRequest): SessionUser {
  if (!request.auth) throw unauthorized();
  return request.auth;
}

/**
 * The caller's role in the company named by the URL. Not a member: 404, as if the company did not exist,
 * so ids of other companies reveal nothing.
 */
export async function requireCompanyRole(
  database: Database,
  request: FastifyRequest,
  companyId: string,
  roles: readonly MembershipRole[] = ["owner", "manager"],
): Promise<{ auth: SessionUser; role: MembershipRole }> {
  const auth = requireUser(request);
  const membership = await database.db
    .selectFrom("memberships")
    .select("role")
    .where("company_id", "=", companyId)
    .where("user_id", "=", auth.user.id)
    .executeTakeFirst();
  if (!membership) throw notFound("Company");
  if (!roles.includes(membership.role)) throw forbidden();
  return { auth, role: membership.role };
}
