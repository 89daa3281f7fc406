import type { FastifyInstance } from "fastify";
import { HttpProblem, sendProblem } from "./problem.ts";

const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  // Mantine sets inline style attributes.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

const unsafeMethods = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** A year, and the app's subdomains too: what browsers' preload rules ask for. */
export const STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains";

/** The API answers that hold nothing personal and may be cached: the health check and the API's documentation. */
function mayBeCached(url: string): boolean {
  const path = url.split("?", 1)[0] ?? "";
  return path === "/api/health" || path === "/api/docs" || path.startsWith("/api/docs/");
}

/**
 * `Cache-Control: no-store` for every API answer that may hold personal data: no browser cache, shared proxy
 * or back/forward cache keeps a copy after sign-out. Health and docs excepted.
 */
function mustNotBeStored(url: string): boolean {
  return url.startsWith("/api/") && !mayBeCached(url);
}

/**
 * Security headers on every answer; pages that receive tokens never leak them through Referer. With an
 * `https://` APP_URL, browsers are told to use nothing but HTTPS for the app from then on.
 */
export function registerSecurityHeaders(
  app: FastifyInstance,
  options: { strictTransportSecurity: boolean },
): void {
  app.addHook("onSend", async (request, reply, payload) => {
    if (!reply.hasHeader("content-security-policy"))
      reply.header("content-security-policy", contentSecurityPolicy);
    reply.header("x-content-type-options", "nosniff");
    reply.header("x-frame-options", "DENY");
    reply.header("referrer-policy", "no-referrer");
    reply.header("cross-origin-opener-policy", "same-origin");
    if (options.strictTransportSecurity) reply.header("strict-transport-security", STRICT_TRANSPORT_SECURITY);
    if (mustNotBeStored(request.url)) reply.header("cache-control", "no-store");
    return payload;
  });
}

/**
 * CSRF defence: an unsafe request that a browser could send with our cookies must come from our own origin.
 * Bearer-token requests carry no ambient credentials and are exempt.
 */
export function registerOriginCheck(
  app: FastifyInstance,
  appOrigin: string,
  sessionCookieName: string,
): void {
  app.addHook("onRequest", async (request, reply) => {
    if (!unsafeMethods.has(request.method)) return;
    if (request.headers.authorization?.startsWith("Bearer ")) return;
    const origin = request.headers.origin;
    const hasCookie = (request.headers.cookie ?? "").includes(`${sessionCookieName}=`);
    if (origin === undefined && !hasCookie) return;
    if (origin === appOrigin) return;
    return sendProblem(
      reply,
      new HttpProblem(403, "This request did not come from the Crewdesk app (Origin check)."),
    );
  });
}

const secretParams = /([?&](?:token|password)=)[^&#]*/gi;

/** URLs as they may appear in logs: token values replaced. */
export function redactUrl(url: string): string {
  return url.replace(secretParams, "$1[redacted]");
}
