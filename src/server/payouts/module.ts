import type { FastifyInstance } from "fastify";
import type { AppContext } from "../kernel/context.ts";
import { registerPayoutFinanceRoutes } from "./finance-routes.ts";
import { registerPayoutRoutes } from "./routes.ts";

/**
 * Payouts (money.md): the contractor's payout account and withdrawals, and finance's payout batches and bank
 * files. It builds on money's ledger and on account's password check; with PAYMENTS=off nothing is registered.
 */
export function registerPayouts(fastify: FastifyInstance, context: AppContext): void {
  if (context.config.money.payments === "off") return;
  registerPayoutRoutes(fastify, context);
  registerPayoutFinanceRoutes(fastify, context);
}
