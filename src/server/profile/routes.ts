import { type Static, Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { ProfileSchema } from "../../common/wire/profile.ts";
import { publishContractorUpdates } from "../contractors/acceptance.ts";
import { requireUser } from "../http/auth-context.ts";
import { problems } from "../http/problem.ts";
import type { AppContext } from "../kernel/context.ts";
import { findProfile, saveProfile } from "./save-profile.ts";

const text = (description: string) => Type.Optional(Type.String({ maxLength: 1000, description }));

const ProfileBody = Type.Object({
  firstName: text("Latin letters, spaces, hyphens, apostrophes"),
  lastName: text("Latin letters, spaces, hyphens, apostrophes"),
  country: text("ISO 3166-1 alpha-2, e.g. DE"),
  city: text("City"),
  address: text("Street address"),
  postalCode: text("Postal code"),
  taxId: text("Tax identification number"),
  phone: text("Phone number, e.g. +49 30 1234567"),
  agreementAccepted: Type.Optional(Type.Boolean({ description: "Must be true" })),
});

/** The signed-in person's required information (product.md): read, and save all at once. */
export function registerProfileRoutes(app: FastifyInstance, context: AppContext): void {
  const { database, config } = context;

  app.get(
    "/api/me/profile",
    {
      schema: {
        tags: ["profile"],
        summary: "My required information",
        response: { 200: ProfileSchema, ...problems(401) },
      },
    },
    async (request) => findProfile(database.db, requireUser(request).user.id),
  );

  app.put<{ Body: Static<typeof ProfileBody> }>(
    "/api/me/profile",
    {
      schema: {
        tags: ["profile"],
        summary: "Save my required information; complete, it makes me Active where I accepted",
        body: ProfileBody,
        response: { 200: ProfileSchema, ...problems(400, 401) },
      },
    },
    async (request) => {
      const { user } = requireUser(request);
      const output = await database.db
        .transaction()
        .execute((trx) => saveProfile(trx, config, { userId: user.id, profile: request.body }));
      await publishContractorUpdates(context, output.changedContractorIds);
      return output.profile;
    },
  );
}
