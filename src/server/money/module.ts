import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import type { AppContext } from "../kernel/context.ts";
import { registerFinanceRoutes } from "./finance-routes.ts";
import { registerMoneyHooks } from "./hooks.ts";
import { registerMoneyRoutes } from "./routes.ts";
import { MoneySettingsSchema } from "./schemas.ts";

/**
 * Money (money.md): the ledger, the companies' balances and top-ups, the tasks' payments (answering the
 * tasks' hooks), the contractors' earnings, and finance's console. With PAYMENTS=off nothing of it is
 * registered but its settings: tasks keep their amounts and nothing moves.
 */
export function registerMoney(fastify: FastifyInstance, context: AppContext): void {
  const { money, production } = context.config;
  fastify
    .withTypeProvider<TypeBoxTypeProvider>()
    .get(
      "/api/money/settings",
      { schema: { tags: ["Money"], response: { 200: MoneySettingsSchema } } },
      async () => ({
        payments: money.payments,
        feePercent: String(money.feeBasisPoints / 100),
        testFunds: money.payments === "prepaid" && !production,
      }),
    );
  if (money.payments === "off") return;
  registerMoneyRoutes(fastify, context);
  registerFinanceRoutes(fastify, context);
  registerMoneyHooks(context.hooks);
}
