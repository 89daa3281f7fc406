import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { CompanyOverviewSchema } from "../../common/wire/overview.ts";
import { requireCompanyActor } from "../auth/guards.ts";
import { problems } from "../http/problem.ts";
import type { AppContext } from "../kernel/context.ts";
import { companyOverview } from "./queries.ts";
import { CompanyParams, OverviewQuery } from "./schemas.ts";

const tags = ["Overview"];

/** The company's home: its counts at a glance (owners and managers). */
export function registerOverviewRoutes(fastify: FastifyInstance, context: AppContext): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { database } = context;

  app.get(
    "/api/companies/:cid/overview",
    {
      schema: {
        tags,
        params: CompanyParams,
        querystring: OverviewQuery,
        response: { 200: CompanyOverviewSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = await requireCompanyActor(context, request, request.params.cid);
      const today = request.query.today ?? new Date().toISOString().slice(0, 10);
      return companyOverview(database.db, database.dialect, actor.companyId, today);
    },
  );
}
