import type { FastifyInstance, FastifyReply } from "fastify";
import type { Config } from "../config.ts";
import { spendRateLimit } from "../http/rate-limit.ts";
import type { AppContext } from "../kernel/context.ts";
import { findApiToken } from "./api-tokens.ts";
import { findSessionUser } from "./sessions.ts";

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
 * (429 once spent). Registered before any route.
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
    request.auth = await findSessionUser(db, token);
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
