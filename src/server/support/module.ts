import type { FastifyInstance } from "fastify";
import { registerOriginCheck } from "../http/security.ts";
import type { AppContext } from "../kernel/context.ts";
import { registerConsoleRoutes } from "./console-routes.ts";
import { AGENTS_CHANNEL, guestChannel } from "./events.ts";
import { guestConversationOf, guestCookieName } from "./guest-cookie.ts";
import { registerChatRoutes } from "./routes.ts";

/** Support: the chat of every page, the console of the agents, and their live events. */
export function registerSupport(app: FastifyInstance, context: AppContext): void {
  const { config, database } = context;
  // The visitor's cookie authenticates too: a change it carries must come from our own pages (CSRF).
  registerOriginCheck(app, config.appOrigin, guestCookieName(config));
  // /api/events: agents hear every conversation; a visitor without a session, their own conversation only.
  app.grantEventChannels(async (request) => {
    const user = request.auth?.user;
    if (user) return user.platform_role === "support" ? [AGENTS_CHANNEL] : [];
    const conversationId = await guestConversationOf(request, config, database);
    return conversationId ? [guestChannel(conversationId)] : [];
  });
  registerChatRoutes(app, context);
  registerConsoleRoutes(app, context);
}
