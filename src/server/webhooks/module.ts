import type { FastifyInstance } from "fastify";
import type { AppContext } from "../kernel/context.ts";
import { registerWebhookHooks } from "./hooks.ts";
import { registerWebhookRoutes } from "./routes.ts";

/**
 * Webhooks: a company's owners subscribe URLs to its events. The features below tell of their changes
 * through the `company.events` hook; deliveries are queued in the change's transaction and sent by the
 * webhook worker (`workers.ts`).
 */
export function registerWebhooks(app: FastifyInstance, context: AppContext): void {
  registerWebhookRoutes(app, context);
  registerWebhookHooks(context.hooks);
}
