import type { FastifyInstance } from "fastify";
import type { AppContext } from "../kernel/context.ts";
import { registerProfileHooks } from "./hooks.ts";
import { registerProfileRoutes } from "./routes.ts";

/** The required information a contractor fills in once. */
export function registerProfile(app: FastifyInstance, context: AppContext): void {
  registerProfileRoutes(app, context);
  registerProfileHooks(context.hooks);
}
