import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import {
  CompanyBalanceSchema,
  ContractorBalanceSchema,
  TopUpPageSchema,
  TopUpSchema,
  TransferPageSchema,
} from "../../common/wire/money.ts";
import { requireCompanyActor } from "../auth/guards.ts";
import { notFound, problems } from "../http/problem.ts";
import { requireUser } from "../http/request-user.ts";
import type { AppContext } from "../kernel/context.ts";
import { transact } from "../kernel/transaction.ts";
import { cancelTopUp } from "./cancel-top-up.ts";
import { renderProforma } from "./proforma.ts";
import { companyBalances, contractorBalances, listTransfers, type TransferFilter } from "./queries.ts";
import { receiveTopUp } from "./receive-top-up.ts";
import { requestTopUp } from "./request-top-up.ts";
import {
  CompanyParams,
  CompanyTopUpParams,
  TopUpBody,
  TopUpListQuery,
  TransferCsvQuery,
  TransferQuery,
} from "./schemas.ts";
import { findCompanyTopUp, listCompanyTopUps } from "./top-up-rows.ts";
import { transfersCsv } from "./transfers-csv.ts";

const tags = ["Money"];

/** Days (YYYY-MM-DD, UTC) to the instants the ledger stores: `to` includes its whole day. */
export function dayRange(query: { from?: string | undefined; to?: string | undefined }): TransferFilter {
  const next = (day: string) => new Date(Date.parse(`${day}T00:00:00.000Z`) + 86_400_000).toISOString();
  return {
    ...(query.from ? { from: `${query.from}T00:00:00.000Z` } : {}),
    ...(query.to ? { to: next(query.to) } : {}),
  };
}

/** Every entry the filters match, a page of 1,000 transfers at a time (the CSV export). */
async function allTransfers(
  context: AppContext,
  side: { companyId: string } | { userId: string },
  filter: TransferFilter,
) {
  const entries = [];
  let cursor: string | undefined;
  do {
    const page = await listTransfers(context.database.db, side, { ...filter, cursor, limit: 1000 });
    entries.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return entries;
}

/** The company's money (owners and managers see it; only owners top up) and the contractor's earnings. */
export function registerMoneyRoutes(fastify: FastifyInstance, context: AppContext): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = context.database;
  const base = "/api/companies/:cid";

  app.get(
    `${base}/balances`,
    {
      schema: {
        tags,
        params: CompanyParams,
        response: { 200: Type.Object({ items: Type.Array(CompanyBalanceSchema) }), ...problems(401, 404) },
      },
    },
    async (request) => {
      const actor = await requireCompanyActor(context, request, request.params.cid);
      return { items: await companyBalances(db, actor.companyId) };
    },
  );

  app.get(
    `${base}/transfers`,
    {
      schema: {
        tags,
        params: CompanyParams,
        querystring: TransferQuery,
        response: { 200: TransferPageSchema, ...problems(400, 401, 404) },
      },
    },
    async (request) => {
      const actor = await requireCompanyActor(context, request, request.params.cid);
      const { currency, kind, cursor, limit } = request.query;
      return listTransfers(
        db,
        { companyId: actor.companyId },
        { currency, kind, cursor, limit, ...dayRange(request.query) },
      );
    },
  );

  app.get(
    `${base}/transfers.csv`,
    { schema: { tags, params: CompanyParams, querystring: TransferCsvQuery, produces: ["text/csv"] } },
    async (request, reply) => {
      const actor = await requireCompanyActor(context, request, request.params.cid);
      const { currency, kind } = request.query;
      const entries = await allTransfers(
        context,
        { companyId: actor.companyId },
        { currency, kind, ...dayRange(request.query) },
      );
      return reply
        .type("text/csv; charset=utf-8")
        .header("content-disposition", 'attachment; filename="crewdesk-transfers.csv"')
        .send(transfersCsv(entries));
    },
  );

  app.post(
    `${base}/top-ups`,
    {
      schema: {
        tags,
        params: CompanyParams,
        body: TopUpBody,
        response: { 201: TopUpSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const actor = await requireCompanyActor(context, request, request.params.cid, ["owner"]);
      const topUp = await transact(context, (tx) => requestTopUp(tx, actor, request.body));
      return reply.code(201).send(topUp);
    },
  );

  app.get(
    `${base}/top-ups`,
    {
      schema: {
        tags,
        params: CompanyParams,
        querystring: TopUpListQuery,
        response: { 200: TopUpPageSchema, ...problems(401, 404) },
      },
    },
    async (request) => {
      const actor = await requireCompanyActor(context, request, request.params.cid);
      return listCompanyTopUps(db, actor.companyId, request.query.cursor);
    },
  );

  app.get(
    `${base}/top-ups/:id/proforma.pdf`,
    { schema: { tags, params: CompanyTopUpParams, produces: ["application/pdf"] } },
    async (request, reply) => {
      const actor = await requireCompanyActor(context, request, request.params.cid);
      const row = await findCompanyTopUp(db, actor.companyId, request.params.id);
      const pdf = await renderProforma(row, context.config.money.operator);
      return reply
        .type("application/pdf")
        .header("content-disposition", `attachment; filename="proforma-${row.number}.pdf"`)
        .send(pdf);
    },
  );

  app.delete(
    `${base}/top-ups/:id`,
    {
      schema: {
        tags,
        params: CompanyTopUpParams,
        response: { 204: Type.Null(), ...problems(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const actor = await requireCompanyActor(context, request, request.params.cid, ["owner"]);
      await transact(context, (tx) => cancelTopUp(tx, actor, request.params.id));
      return reply.code(204).send(null);
    },
  );

  app.post(
    `${base}/top-ups/:id/test-funds`,
    {
      schema: {
        tags,
        description: "Outside production only: the owner marks their own top-up received, as test funds",
        params: CompanyTopUpParams,
        response: { 200: TopUpSchema, ...problems(401, 403, 404, 409) },
      },
    },
    async (request) => {
      if (context.config.production) throw notFound();
      const actor = await requireCompanyActor(context, request, request.params.cid, ["owner"]);
      return transact(context, async (tx) => {
        const row = await findCompanyTopUp(tx.db, actor.companyId, request.params.id);
        return receiveTopUp(tx, row, { receivedBy: actor.userId, testFunds: true });
      });
    },
  );

  app.get(
    "/api/me/balances",
    {
      schema: {
        tags,
        response: { 200: Type.Object({ items: Type.Array(ContractorBalanceSchema) }), ...problems(401) },
      },
    },
    async (request) => {
      const { user } = requireUser(request);
      return { items: await contractorBalances(db, user.id) };
    },
  );

  app.get(
    "/api/me/transfers",
    {
      schema: {
        tags,
        querystring: TransferQuery,
        response: { 200: TransferPageSchema, ...problems(400, 401) },
      },
    },
    async (request) => {
      const { user } = requireUser(request);
      const { currency, kind, cursor, limit } = request.query;
      return listTransfers(
        db,
        { userId: user.id },
        { currency, kind, cursor, limit, ...dayRange(request.query) },
      );
    },
  );
}
