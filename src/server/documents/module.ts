import type { FastifyInstance } from "fastify";
import type { AppContext } from "../kernel/context.ts";
import { registerDocumentHooks } from "./hooks.ts";
import { registerDocumentRoutes } from "./routes.ts";

/**
 * Documents (money.md, "Documents"): acts of acceptance of paid tasks and monthly statements, numbered,
 * stored as issued, each downloadable by its side alone. Nothing of it with PAYMENTS=off.
 */
export function registerDocuments(fastify: FastifyInstance, context: AppContext): void {
  if (context.config.money.payments === "off") return;
  registerDocumentRoutes(fastify, context);
  registerDocumentHooks(context.hooks);
}
