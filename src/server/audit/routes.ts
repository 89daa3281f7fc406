import { Readable } from "node:stream";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { AUDIT_CSV_LIMIT } from "../../common/audit.ts";
import { AuditPageSchema, AuditPersonSchema } from "../../common/wire/audit.ts";
import { problems } from "../http/problem.ts";
import { UTF8_BOM } from "../imports/csv-text.ts";
import type { AppContext } from "../kernel/context.ts";
import { AUDIT_CSV_HEADER, auditCsvLines } from "./audit-csv.ts";
import { requireCompanyOwner } from "./owner.ts";
import { type AuditFilter, allAuditEntries, auditPeople, listAuditEntries } from "./queries.ts";
import { AuditCsvQuery, AuditQuery, CompanyParams } from "./schemas.ts";

const tags = ["Audit log"];

/** Days (YYYY-MM-DD, UTC) to instants: `to` includes its whole day. */
function filterOf(query: {
  action?: string | undefined;
  person?: string | undefined;
  door?: AuditFilter["door"];
  from?: string | undefined;
  to?: string | undefined;
}): AuditFilter {
  const next = (day: string) => new Date(Date.parse(`${day}T00:00:00.000Z`) + 86_400_000).toISOString();
  return {
    action: query.action,
    person: query.person,
    door: query.door,
    from: query.from ? `${query.from}T00:00:00.000Z` : undefined,
    to: query.to ? next(query.to) : undefined,
  };
}

/** The company's audit log: owners only (a manager gets 404, like a stranger). */
export function registerAuditRoutes(fastify: FastifyInstance, context: AppContext): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = context.database;
  const base = "/api/companies/:cid/audit";

  app.get(
    base,
    {
      schema: {
        tags,
        summary: "The company's audit log, newest first (owners)",
        params: CompanyParams,
        querystring: AuditQuery,
        response: { 200: AuditPageSchema, ...problems(400, 401, 404) },
      },
    },
    async (request) => {
      const actor = await requireCompanyOwner(context, request, request.params.cid);
      return listAuditEntries(db, actor.companyId, {
        ...filterOf(request.query),
        cursor: request.query.cursor,
      });
    },
  );

  app.get(
    `${base}/people`,
    {
      schema: {
        tags,
        summary: "The people who appear in the company's audit log (owners)",
        params: CompanyParams,
        response: { 200: Type.Object({ items: Type.Array(AuditPersonSchema) }), ...problems(401, 404) },
      },
    },
    async (request) => {
      const actor = await requireCompanyOwner(context, request, request.params.cid);
      return { items: await auditPeople(db, actor.companyId) };
    },
  );

  app.get(
    `${base}.csv`,
    {
      schema: {
        tags,
        summary: `The audit log as CSV, as filtered, newest first (at most ${AUDIT_CSV_LIMIT} entries)`,
        params: CompanyParams,
        querystring: AuditCsvQuery,
        produces: ["text/csv"],
      },
    },
    async (request, reply) => {
      const actor = await requireCompanyOwner(context, request, request.params.cid);
      const pages = allAuditEntries(db, actor.companyId, filterOf(request.query), AUDIT_CSV_LIMIT);
      async function* csv() {
        yield UTF8_BOM + AUDIT_CSV_HEADER;
        for await (const entries of pages) yield auditCsvLines(entries);
      }
      return reply
        .type("text/csv; charset=utf-8")
        .header("content-disposition", 'attachment; filename="crewdesk-audit-log.csv"')
        .send(Readable.from(csv()));
    },
  );
}
