import type { FastifyInstance } from "fastify";
import type { AppContext } from "../kernel/context.ts";
import { registerAuthRoutes } from "./routes.ts";
import { registerSessionReader } from "./session-cookie.ts";

/**
 * Accounts: who is signed in (every API request's session, read before any route), sign-up, sign-in and
 * the pages behind emailed links.
 */
export function registerAuth(app: FastifyInstance, context: AppContext): void {
  registerSessionReader(app, context);
  registerAuthRoutes(app, context);
}
