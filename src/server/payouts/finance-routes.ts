import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import {
  PayoutBatchPageSchema,
  PayoutBatchSchema,
  PayoutQueueSchema,
  WithdrawalPageSchema,
  WithdrawalSchema,
} from "../../common/wire/payouts.ts";
import { problems } from "../http/problem.ts";
import type { AppContext } from "../kernel/context.ts";
import { transact } from "../kernel/transaction.ts";
import { requireFinance } from "../money/access.ts";
import { pain001Debtor } from "./bank-files.ts";
import { buildPayoutBatch } from "./build-payout-batch.ts";
import { markBatchSent } from "./mark-batch-sent.ts";
import { markWithdrawalFailed } from "./mark-withdrawal-failed.ts";
import { markWithdrawalPaid } from "./mark-withdrawal-paid.ts";
import { renderBankFile } from "./render-bank-file.ts";
import {
  batchItems,
  findBatch,
  findBatchRow,
  listBatches,
  listFinanceWithdrawals,
  payoutQueue,
} from "./rows.ts";
import { BatchBody, CursorQuery, FailedBody, FinanceWithdrawalQuery, IdParams } from "./schemas.ts";

const tags = ["Finance"];

/** Finance's payouts: withdrawals, batches and their bank files (a visitor: 401; anyone but finance: 404). */
export function registerPayoutFinanceRoutes(fastify: FastifyInstance, context: AppContext): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = context.database;

  app.get(
    "/api/finance/withdrawals",
    {
      schema: {
        tags,
        querystring: FinanceWithdrawalQuery,
        response: { 200: WithdrawalPageSchema, ...problems(400, 401, 404) },
      },
    },
    async (request) => {
      requireFinance(request);
      return listFinanceWithdrawals(db, request.query);
    },
  );

  app.get(
    "/api/finance/payout-queue",
    {
      schema: {
        tags,
        description:
          "The requested withdrawals of each currency: what a new batch of that currency would hold",
        response: { 200: PayoutQueueSchema, ...problems(401, 404) },
      },
    },
    async (request) => {
      requireFinance(request);
      return payoutQueue(db);
    },
  );

  app.get(
    "/api/finance/payout-batches",
    {
      schema: {
        tags,
        description: "Newest first; each batch without its items (GET one batch for them)",
        querystring: CursorQuery,
        response: { 200: PayoutBatchPageSchema, ...problems(401, 404) },
      },
    },
    async (request) => {
      requireFinance(request);
      return listBatches(db, request.query.cursor);
    },
  );

  app.post(
    "/api/finance/payout-batches",
    {
      schema: {
        tags,
        description: "Every requested withdrawal of the currency; none: 409",
        body: BatchBody,
        response: { 201: PayoutBatchSchema, ...problems(400, 401, 404, 409) },
      },
    },
    async (request, reply) => {
      const finance = requireFinance(request);
      const batch = await transact(context, (tx) => buildPayoutBatch(tx, finance, request.body));
      return reply.code(201).send(batch);
    },
  );

  app.get(
    "/api/finance/payout-batches/:id",
    { schema: { tags, params: IdParams, response: { 200: PayoutBatchSchema, ...problems(401, 404) } } },
    async (request) => {
      requireFinance(request);
      return findBatch(db, request.params.id);
    },
  );

  app.get(
    "/api/finance/payout-batches/:id/pain.001.xml",
    {
      schema: {
        tags,
        description: "ISO 20022 pain.001.001.03 (EUR batches only; another currency: 409)",
        params: IdParams,
        produces: ["application/xml"],
      },
    },
    async (request, reply) => {
      requireFinance(request);
      const batch = await findBatchRow(db, request.params.id);
      const debtor = pain001Debtor(batch, context.config.money.operator);
      const xml = await renderBankFile({
        kind: "pain001",
        batch,
        items: await batchItems(db, batch.id),
        debtor,
      });
      return reply
        .type("application/xml; charset=utf-8")
        .header("content-disposition", `attachment; filename="${batch.number}.pain.001.xml"`)
        .send(xml);
    },
  );

  app.get(
    "/api/finance/payout-batches/:id/items.csv",
    { schema: { tags, params: IdParams, produces: ["text/csv"] } },
    async (request, reply) => {
      requireFinance(request);
      const batch = await findBatchRow(db, request.params.id);
      return reply
        .type("text/csv; charset=utf-8")
        .header("content-disposition", `attachment; filename="${batch.number}.csv"`)
        .send(await renderBankFile({ kind: "csv", batch, items: await batchItems(db, batch.id) }));
    },
  );

  app.post(
    "/api/finance/payout-batches/:id/sent",
    {
      schema: {
        tags,
        params: IdParams,
        response: { 200: PayoutBatchSchema, ...problems(401, 404, 409) },
      },
    },
    async (request) => {
      const finance = requireFinance(request);
      return transact(context, (tx) => markBatchSent(tx, finance, request.params.id));
    },
  );

  app.post(
    "/api/finance/withdrawals/:id/paid",
    {
      schema: {
        tags,
        description: "Once its batch is sent (before: 409); marking it paid again changes nothing",
        params: IdParams,
        response: { 200: WithdrawalSchema, ...problems(401, 404, 409) },
      },
    },
    async (request) => {
      const finance = requireFinance(request);
      return transact(context, (tx) => markWithdrawalPaid(tx, finance, request.params.id));
    },
  );

  app.post(
    "/api/finance/withdrawals/:id/failed",
    {
      schema: {
        tags,
        description: "With the bank's reason, once its batch is sent; the money returns to the contractor",
        params: IdParams,
        body: FailedBody,
        response: { 200: WithdrawalSchema, ...problems(400, 401, 404, 409) },
      },
    },
    async (request) => {
      const finance = requireFinance(request);
      return transact(context, (tx) => markWithdrawalFailed(tx, finance, request.params.id, request.body));
    },
  );
}
