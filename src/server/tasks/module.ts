import type { FastifyInstance } from "fastify";
import type { AppContext } from "../kernel/context.ts";
import { registerTaskHooks } from "./hooks.ts";
import { registerTaskRoutes } from "./routes.ts";

/** Tasks: the company's tasks and their lifecycle, the contractor's own; offers withdrawn with a contractor. */
export function registerTasks(app: FastifyInstance, context: AppContext): void {
  registerTaskRoutes(app, context);
  registerTaskHooks(context.hooks);
}
