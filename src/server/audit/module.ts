import type { FastifyInstance } from "fastify";
import type { AppContext } from "../kernel/context.ts";
import { registerAuditRoutes } from "./routes.ts";

/**
 * Audit log: the company's owners read who did what, when, through which door. Entries are written by the
 * features themselves (`recordAudit`, in the change's transaction); this feature only reads them.
 */
export function registerAudit(app: FastifyInstance, context: AppContext): void {
  registerAuditRoutes(app, context);
}
