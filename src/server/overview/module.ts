import type { FastifyInstance } from "fastify";
import type { AppContext } from "../kernel/context.ts";
import { registerOverviewRoutes } from "./routes.ts";

/** Overview: the company's home at a glance, read from the other features' tables; it changes nothing. */
export function registerOverview(app: FastifyInstance, context: AppContext): void {
  registerOverviewRoutes(app, context);
}
