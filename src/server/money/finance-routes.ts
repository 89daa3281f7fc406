import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { TopUpPageSchema, TopUpSchema } from "../../common/wire/money.ts";
import { notFound, problems } from "../http/problem.ts";
import type { AppContext } from "../kernel/context.ts";
import { transact } from "../kernel/transaction.ts";
import { requireFinance } from "./access.ts";
import { receiveTopUp } from "./receive-top-up.ts";
import { FinanceTopUpQuery, ReceiveBody, TopUpParams } from "./schemas.ts";
import { listFinanceTopUps, topUpQuery } from "./top-up-rows.ts";

const tags = ["Finance"];

/** The operator's finance console: finance staff only (a visitor: 401; anyone else: 404). */
export function registerFinanceRoutes(fastify: FastifyInstance, context: AppContext): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    "/api/finance/top-ups",
    {
      schema: {
        tags,
        querystring: FinanceTopUpQuery,
        response: { 200: TopUpPageSchema, ...problems(401, 404) },
      },
    },
    async (request) => {
      requireFinance(request);
      return listFinanceTopUps(context.database.db, request.query);
    },
  );

  app.post(
    "/api/finance/top-ups/:id/receive",
    {
      schema: {
        tags,
        params: TopUpParams,
        body: ReceiveBody,
        response: { 200: TopUpSchema, ...problems(400, 401, 404, 409) },
      },
    },
    async (request) => {
      const finance = requireFinance(request);
      return transact(context, async (tx) => {
        const row = await topUpQuery(tx.db).where("u.id", "=", request.params.id).executeTakeFirst();
        if (!row) throw notFound("Top-up");
        return receiveTopUp(tx, row, {
          amount: request.body.amount,
          receivedBy: finance.userId,
          testFunds: false,
        });
      });
    },
  );
}
