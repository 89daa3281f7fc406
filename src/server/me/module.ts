import type { FastifyInstance } from "fastify";
import type { AppContext } from "../kernel/context.ts";
import { registerMeRoutes } from "./routes.ts";

/** /api/me: what the app shell needs of the signed-in person, across every feature. */
export function registerMe(app: FastifyInstance, context: AppContext): void {
  registerMeRoutes(app, context);
}
