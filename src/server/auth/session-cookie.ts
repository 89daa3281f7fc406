import type { FastifyInstance, FastifyReply } from "fastify";
import type { Config } from "../config.ts";
import type { AppContext } from "../kernel/context.ts";
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
 * (integrations) into `request.auth` (src/server/http/request-user.ts). Registered before any route.
 */
export function registerSessionReader(app: FastifyInstance, context: AppContext): void {
  const cookieName = sessionCookieName(context.config);
  app.decorateRequest("auth", null);
  app.addHook("onRequest", async (request) => {
    if (!request.url.startsWith("/api/")) return;
    const header = request.headers.authorization;
    const token = header?.startsWith("Bearer ") ? header.slice(7).trim() : request.cookies[cookieName];
    if (!token) return;
    request.auth = await findSessionUser(context.database.db, token);
  });
}
