import type { FastifyInstance } from "fastify";
import { registerOriginCheck } from "../http/security.ts";
import type { AppContext } from "../kernel/context.ts";
import { registerConsoleRoutes } from "./console-routes.ts";
import { guestCookieName } from "./guest-cookie.ts";
import { registerChatRoutes } from "./routes.ts";

/**
 * Support: the chat of every page and the console of the agents. Their live events go to the agents'
 * platform-role channel and the person (a user's streams, or a visitor's: see visitor-streams.ts, given to
 * /api/events by app.ts).
 */
export function registerSupport(app: FastifyInstance, context: AppContext): void {
  const { config } = context;
  // The visitor's cookie authenticates too: a change it carries must come from our own pages (CSRF).
  registerOriginCheck(app, config.appOrigin, guestCookieName(config));
  registerChatRoutes(app, context);
  registerConsoleRoutes(app, context);
}
