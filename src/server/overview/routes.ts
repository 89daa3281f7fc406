import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { CompanyOverviewSchema, ContractorOverviewSchema } from "../../common/wire/overview.ts";
import { requireCompanyActor } from "../auth/guards.ts";
import { problems } from "../http/problem.ts";
import { requireUser } from "../http/request-user.ts";
import type { AppContext } from "../kernel/context.ts";
import { companyOverview, contractorOverview } from "./queries.ts";
import { CompanyParams, OverviewQuery } from "./schemas.ts";

const tags = ["Overview"];

/** The company's home: its counts at a glance (owners and managers); the contractor's: their earnings. */
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

  app.get(
    "/api/me/overview",
    { schema: { tags, response: { 200: ContractorOverviewSchema, ...problems(401) } } },
    async (request) => {
      const { user } = requireUser(request);
      return contractorOverview(database.db, user.id);
    },
  );
}
