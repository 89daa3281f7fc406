import { type Static, Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { publishContractorUpdates } from "../contractors/acceptance.ts";
import { requireUser } from "../http/auth-context.ts";
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

const Profile = Type.Object({
  firstName: Type.String(),
  lastName: Type.String(),
  country: Type.String(),
  city: Type.String(),
  address: Type.String(),
  postalCode: Type.String(),
  taxId: Type.String(),
  phone: Type.String(),
  agreementAccepted: Type.Boolean(),
  complete: Type.Boolean(),
  completedAt: Type.Union([Type.String(), Type.Null()]),
});

const Problem = Type.Object({
  type: Type.String(),
  title: Type.String(),
  status: Type.Integer(),
  detail: Type.String(),
  errors: Type.Optional(
    Type.Array(Type.Object({ field: Type.Optional(Type.String()), message: Type.String() })),
  ),
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
        response: { 200: Profile, 401: Problem },
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
        response: { 200: Profile, 400: Problem, 401: Problem },
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
