import type { FastifyInstance } from "fastify";
import type { AppContext } from "../kernel/context.ts";
import { registerAccountHooks } from "./hooks.ts";
import { registerAccountRoutes } from "./routes.ts";

/**
 * The person's own account: password, address, sessions, the second step of sign-in, their data and
 * deletion. Its hooks decide whether a sign-in needs the second step (auth asks before any session opens).
 */
export function registerAccount(app: FastifyInstance, context: AppContext): void {
  registerAccountRoutes(app, context);
  registerAccountHooks(context.hooks);
}
