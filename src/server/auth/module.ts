import type { FastifyInstance } from "fastify";
import type { AppContext } from "../kernel/context.ts";
import { registerDevMailbox } from "../mail/dev-mailbox.ts";
import { registerMeRoutes } from "../me/routes.ts";
import { registerAuthRoutes } from "./routes.ts";

/** Accounts: sign-up, sign-in, emailed links, /api/me, and the dev mailbox that shows those emails. */
export function registerAccounts(app: FastifyInstance, context: AppContext): void {
  registerAuthRoutes(app, context);
  registerMeRoutes(app, context);
  registerDevMailbox(app, context);
}
