import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { PayoutDetailsSchema, WithdrawalPageSchema, WithdrawalSchema } from "../../common/wire/payouts.ts";
import { checkCurrentPassword } from "../account/current-password.ts";
import { problems } from "../http/problem.ts";
import { requireUser } from "../http/request-user.ts";
import type { AppContext } from "../kernel/context.ts";
import { transact } from "../kernel/transaction.ts";
import { cancelWithdrawal } from "./cancel-withdrawal.ts";
import { requestWithdrawal } from "./request-withdrawal.ts";
import { listOwnWithdrawals, payoutDetailsOf } from "./rows.ts";
import { savePayoutDetails } from "./save-payout-details.ts";
import { CursorQuery, IdParams, PayoutDetailsBody, WithdrawalBody } from "./schemas.ts";

const tags = ["Payouts"];

/** The contractor's own payout account and withdrawals: nobody else's is ever found. */
export function registerPayoutRoutes(fastify: FastifyInstance, context: AppContext): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = context.database;

  app.get(
    "/api/me/payout-details",
    {
      schema: {
        tags,
        response: {
          200: Type.Object({ details: Type.Union([PayoutDetailsSchema, Type.Null()]) }),
          ...problems(401),
        },
      },
    },
    async (request) => {
      const { user } = requireUser(request);
      return { details: await payoutDetailsOf(db, user.id) };
    },
  );

  app.put(
    "/api/me/payout-details",
    {
      schema: {
        tags,
        description:
          "Adds or replaces the payout account; always with the current password. The person is emailed.",
        body: PayoutDetailsBody,
        response: { 200: PayoutDetailsSchema, ...problems(400, 401, 429) },
      },
    },
    async (request) => {
      const { user } = requireUser(request);
      await checkCurrentPassword(context, user, request.body.currentPassword);
      const { accountHolder, iban, bic } = request.body;
      return transact(context, (tx) =>
        savePayoutDetails(tx, { userId: user.id }, { accountHolder, iban, bic }),
      );
    },
  );

  app.get(
    "/api/me/withdrawals",
    { schema: { tags, querystring: CursorQuery, response: { 200: WithdrawalPageSchema, ...problems(401) } } },
    async (request) => {
      const { user } = requireUser(request);
      return listOwnWithdrawals(db, user.id, request.query.cursor);
    },
  );

  app.post(
    "/api/me/withdrawals",
    {
      schema: {
        tags,
        description: "Moves the amount from available to withdrawing at once; more than available: 409.",
        body: WithdrawalBody,
        response: { 201: WithdrawalSchema, ...problems(400, 401, 409) },
      },
    },
    async (request, reply) => {
      const { user } = requireUser(request);
      const withdrawal = await transact(context, (tx) =>
        requestWithdrawal(tx, { userId: user.id }, request.body),
      );
      return reply.code(201).send(withdrawal);
    },
  );

  app.delete(
    "/api/me/withdrawals/:id",
    {
      schema: {
        tags,
        description: "While requested only: the money returns to available.",
        params: IdParams,
        response: { 204: Type.Null(), ...problems(401, 404, 409) },
      },
    },
    async (request, reply) => {
      const { user } = requireUser(request);
      await transact(context, (tx) => cancelWithdrawal(tx, { userId: user.id }, request.params.id));
      return reply.code(204).send(null);
    },
  );
}
