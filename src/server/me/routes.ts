import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { MeSchema } from "../../common/wire/me.ts";
import { problems } from "../http/problem.ts";
import { requireUser } from "../http/request-user.ts";
import type { AppContext } from "../kernel/context.ts";
import { loadMe } from "./queries.ts";

export function registerMeRoutes(fastify: FastifyInstance, context: AppContext): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    "/api/me",
    {
      schema: {
        tags: ["me"],
        summary: "The signed-in user, their companies and invitations",
        response: { 200: MeSchema, ...problems(401) },
      },
    },
    async (request, reply) => {
      const { user } = requireUser(request);
      // Personal data: never kept by a shared cache or the browser's back-forward cache.
      reply.header("cache-control", "no-store");
      return loadMe(context.database.db, user);
    },
  );
}
