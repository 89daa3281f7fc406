import type { FastifyInstance } from "fastify";
import type { AppContext } from "../kernel/context.ts";
import { registerAdminHooks } from "./hooks.ts";
import { registerAdminRoutes } from "./routes.ts";

/** Company administration: the company's name, its team (owners and managers) and its API tokens. */
export function registerAdmin(app: FastifyInstance, context: AppContext): void {
  registerAdminRoutes(app, context);
  registerAdminHooks(context.hooks);
}
