import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Config } from "../config.ts";
import { spendRateLimit } from "../http/rate-limit.ts";
import type { AppContext } from "../kernel/context.ts";
import { findApiToken } from "./api-tokens.ts";
import { keepMembershipRead } from "./request-membership.ts";
import { readSession } from "./sessions.ts";

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

/** The cookie of a browser remembered for 30 days after its second step. */
export function deviceCookieName(config: Config): string {
  return config.secureCookies ? "__Host-crewdesk_device" : "crewdesk_device";
}

export const REMEMBERED_DEVICE_MS = 30 * 24 * 3600 * 1000;

export function setDeviceCookie(reply: FastifyReply, config: Config, token: string): void {
  reply.setCookie(deviceCookieName(config), token, {
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    secure: config.secureCookies,
    maxAge: REMEMBERED_DEVICE_MS / 1000,
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

/**
 * Reads the session of every API request from the cookie (browsers) or `Authorization: Bearer`
 * (integrations) into `request.auth` (src/server/http/request-user.ts), or a company's API token into
 * `request.apiToken`. A bearer token that is neither spends the client address's allowance of failed tokens
 * (429 once spent). Registered before any route. On a company's routes (`/api/companies/:cid/…`) the same
 * query reads the user's membership of that company, which `requireCompanyActor` then uses.
 */
export function registerSessionReader(app: FastifyInstance, context: AppContext): void {
  const cookieName = sessionCookieName(context.config);
  const { db } = context.database;
  app.decorateRequest("auth", null);
  app.decorateRequest("apiToken", null);
  app.addHook("onRequest", async (request) => {
    if (!request.url.startsWith("/api/")) return;
    const header = request.headers.authorization;
    const bearer = header?.startsWith("Bearer ") ? header.slice(7).trim() : null;
    const token = bearer ?? request.cookies[cookieName];
    if (!token) return;
    const companyId = companyOfUrl(request);
    const read = await readSession(db, token, { companyId });
    request.auth = read?.session ?? null;
    if (read && companyId !== undefined && read.membership !== undefined)
      keepMembershipRead(request, companyId, read.membership);
    if (request.auth || bearer === null) return;
    request.apiToken = await findApiToken(db, bearer);
    if (!request.apiToken)
      await spendRateLimit(
        context.rateCounters(db),
        `bearer:ip:${request.ip}`,
        context.config.rateLimits.bearerFailuresPerIp,
      );
  });
}

/** The company a request's route names (`:cid`), known once the router has matched it. */
function companyOfUrl(request: FastifyRequest): string | undefined {
  const { cid } = request.params as { cid?: unknown };
  return typeof cid === "string" && cid !== "" ? cid : undefined;
}
