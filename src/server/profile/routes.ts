import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { ProfileSchema } from "../../common/wire/profile.ts";
import { problems } from "../http/problem.ts";
import { requireUser } from "../http/request-user.ts";
import type { AppContext } from "../kernel/context.ts";
import { transact } from "../kernel/transaction.ts";
import { findProfile } from "./queries.ts";
import { saveProfile } from "./save-profile.ts";
import { ProfileBody } from "./schemas.ts";

const tags = ["profile"];

/** The signed-in person's required information (product.md): read, and save all at once. */
export function registerProfileRoutes(fastify: FastifyInstance, context: AppContext): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    "/api/me/profile",
    {
      schema: {
        tags,
        summary: "My required information",
        response: { 200: ProfileSchema, ...problems(401) },
      },
    },
    async (request) => findProfile(context.database.db, requireUser(request).user.id),
  );

  app.put(
    "/api/me/profile",
    {
      schema: {
        tags,
        summary: "Save my required information; complete, it makes me Active where I accepted",
        body: ProfileBody,
        response: { 200: ProfileSchema, ...problems(400, 401) },
      },
    },
    async (request) => {
      const { user } = requireUser(request);
      return transact(context, (tx) => saveProfile(tx, user, request.body));
    },
  );
}
