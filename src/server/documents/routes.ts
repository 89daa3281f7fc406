import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import type { FastifyInstance, FastifyReply } from "fastify";
import { DocumentPageSchema, StatementRunSchema } from "../../common/wire/documents.ts";
import { requireCompanyActor } from "../auth/guards.ts";
import { problems } from "../http/problem.ts";
import { requireUser } from "../http/request-user.ts";
import type { AppContext } from "../kernel/context.ts";
import { transact } from "../kernel/transaction.ts";
import { requireFinance } from "../money/access.ts";
import { presentRun } from "./present.ts";
import { findDocumentPdf, listDocuments } from "./queries.ts";
import {
  CompanyDocumentParams,
  CompanyParams,
  DocumentParams,
  DocumentQuery,
  StatementRunBody,
} from "./schemas.ts";
import { startStatementRun } from "./statement-runs.ts";

const tags = ["Documents"];

function sendPdf(reply: FastifyReply, file: { number: string; pdf: Buffer }) {
  return reply
    .type("application/pdf")
    .header("content-disposition", `attachment; filename="${file.number}.pdf"`)
    .header("cache-control", "private, no-store")
    .send(file.pdf);
}

/**
 * The documents of each side: a company's (owners and managers) and a contractor's own; another's id is
 * not found. Finance asks for a month's statements and follows their progress.
 */
export function registerDocumentRoutes(fastify: FastifyInstance, context: AppContext): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = context.database;

  app.get(
    "/api/companies/:cid/documents",
    {
      schema: {
        tags,
        params: CompanyParams,
        querystring: DocumentQuery,
        response: { 200: DocumentPageSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = await requireCompanyActor(context, request, request.params.cid, ["owner", "manager"]);
      return listDocuments(db, { companyId: actor.companyId }, request.query);
    },
  );

  app.get(
    "/api/companies/:cid/documents/:id.pdf",
    { schema: { tags, params: CompanyDocumentParams, produces: ["application/pdf"] } },
    async (request, reply) => {
      const actor = await requireCompanyActor(context, request, request.params.cid, ["owner", "manager"]);
      return sendPdf(reply, await findDocumentPdf(db, { companyId: actor.companyId }, request.params.id));
    },
  );

  app.get(
    "/api/me/documents",
    {
      schema: {
        tags,
        querystring: DocumentQuery,
        response: { 200: DocumentPageSchema, ...problems(400, 401) },
      },
    },
    async (request) => {
      const { user } = requireUser(request);
      return listDocuments(db, { userId: user.id }, request.query);
    },
  );

  app.get(
    "/api/me/documents/:id.pdf",
    { schema: { tags, params: DocumentParams, produces: ["application/pdf"] } },
    async (request, reply) => {
      const { user } = requireUser(request);
      return sendPdf(reply, await findDocumentPdf(db, { userId: user.id }, request.params.id));
    },
  );

  app.get(
    "/api/finance/statement-runs",
    {
      schema: {
        tags: ["Finance"],
        response: { 200: Type.Object({ items: Type.Array(StatementRunSchema) }), ...problems(401, 404) },
      },
    },
    async (request) => {
      requireFinance(request);
      const rows = await db
        .selectFrom("statement_runs")
        .selectAll()
        .orderBy("id", "desc")
        .limit(24)
        .execute();
      return { items: rows.map(presentRun) };
    },
  );

  app.post(
    "/api/finance/statement-runs",
    {
      schema: {
        tags: ["Finance"],
        description: "Issues the monthly statements of a closed month in the background; progress live",
        body: StatementRunBody,
        response: { 202: StatementRunSchema, ...problems(400, 401, 404, 409) },
      },
    },
    async (request, reply) => {
      const finance = requireFinance(request);
      const run = await transact(context, (tx) =>
        startStatementRun(tx, { userId: finance.userId, door: "finance" }, request.body.period.trim()),
      );
      return reply.code(202).send(run);
    },
  );
}
