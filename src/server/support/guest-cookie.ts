import type { FastifyReply, FastifyRequest } from "fastify";
import type { Config } from "../config.ts";
import type { Database } from "../db/connection.ts";
import { findGuestToken, GUEST_TOKEN_TTL_MS } from "./guest-tokens.ts";

/** The cookie that carries a visitor's conversation token: httpOnly, so page scripts never read it. */
export function guestCookieName(config: Config): string {
  return config.secureCookies ? "__Host-crewdesk_support" : "crewdesk_support";
}

export function setGuestCookie(reply: FastifyReply, config: Config, token: string): void {
  reply.setCookie(guestCookieName(config), token, {
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    secure: config.secureCookies,
    maxAge: GUEST_TOKEN_TTL_MS.cookie / 1000,
  });
}

/** The conversation the visitor's cookie proves, or null (no cookie, unknown or expired token). */
export async function guestConversationOf(
  request: FastifyRequest,
  config: Config,
  database: Database,
  now = new Date(),
): Promise<string | null> {
  const secret = request.cookies[guestCookieName(config)];
  if (!secret) return null;
  const token = await findGuestToken(database.db, secret, "cookie", now);
  return token?.conversation_id ?? null;
}
