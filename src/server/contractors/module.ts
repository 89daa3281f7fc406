import type { FastifyInstance } from "fastify";
import type { AppContext } from "../kernel/context.ts";
import { publishInvitationDeliveries } from "./delivery-updates.ts";
import { registerContractorHooks } from "./hooks.ts";
import { registerContractorRoutes } from "./routes.ts";

/** Contractors: invitations, the team list, acceptance; the live delivery state of invitation emails. */
export function registerContractors(app: FastifyInstance, context: AppContext): void {
  registerContractorRoutes(app, context);
  registerContractorHooks(context.hooks);
  const stopDeliveries = publishInvitationDeliveries(context, (error) =>
    app.log.error({ err: error }, "contractors: publishing an invitation delivery failed"),
  );
  app.addHook("onClose", async () => stopDeliveries());
}
