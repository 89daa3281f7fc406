import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { normalizeEmail } from "../../common/email.ts";
import {
  ApiTokenListSchema,
  ApiTokenSchema,
  CompanySettingsSchema,
  CreatedApiTokenSchema,
  MemberListSchema,
  MemberSchema,
} from "../../common/wire/admin.ts";
import { requireCompanyActor } from "../auth/guards.ts";
import { IdempotencyHeaders, idempotencyScope, idempotent, requestFingerprint } from "../http/idempotency.ts";
import { invalidField, problems } from "../http/problem.ts";
import type { AppContext } from "../kernel/context.ts";
import { transact } from "../kernel/transaction.ts";
import { addMember } from "./add-member.ts";
import { changeMemberRole } from "./change-member-role.ts";
import { createApiToken } from "./create-api-token.ts";
import { findCompanySettings, listApiTokens, listMembers } from "./queries.ts";
import { removeMember } from "./remove-member.ts";
import { renameCompany } from "./rename-company.ts";
import { revokeApiToken } from "./revoke-api-token.ts";
import {
  AddMemberBody,
  ChangeRoleBody,
  CompanyParams,
  CreateTokenBody,
  MemberParams,
  RenameBody,
  TokenParams,
} from "./schemas.ts";

const tags = ["company settings"];
const OWNERS = ["owner"] as const;

/** The company settings page's API: its name, its team and its API tokens. Owners only (a member may leave). */
export function registerAdminRoutes(fastify: FastifyInstance, context: AppContext): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = context.database;

  app.get(
    "/api/companies/:cid/settings",
    {
      schema: {
        tags,
        summary: "The company's settings (owners)",
        params: CompanyParams,
        response: { 200: CompanySettingsSchema, ...problems(401, 403, 404) },
      },
    },
    async (request) => {
      const actor = await requireCompanyActor(context, request, request.params.cid, OWNERS);
      return findCompanySettings(db, actor.companyId);
    },
  );

  app.patch(
    "/api/companies/:cid/settings",
    {
      schema: {
        tags,
        summary: "Rename the company (owners)",
        params: CompanyParams,
        body: RenameBody,
        response: { 200: CompanySettingsSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = await requireCompanyActor(context, request, request.params.cid, OWNERS);
      return transact(context, (tx) => renameCompany(tx, actor, request.body));
    },
  );

  app.get(
    "/api/companies/:cid/members",
    {
      schema: {
        tags,
        summary: "The team: owners and managers (owners)",
        params: CompanyParams,
        response: { 200: MemberListSchema, ...problems(401, 403, 404) },
      },
    },
    async (request) => {
      const actor = await requireCompanyActor(context, request, request.params.cid, OWNERS);
      return { items: await listMembers(db, actor.companyId) };
    },
  );

  app.post(
    "/api/companies/:cid/members",
    {
      schema: {
        tags,
        summary: "Add a team member by email (owners)",
        description:
          "A new address gets an account and a link to choose a password; an existing account is added and told by email. The answer is the same either way.",
        params: CompanyParams,
        headers: IdempotencyHeaders,
        body: AddMemberBody,
        response: { 201: MemberSchema, ...problems(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const actor = await requireCompanyActor(context, request, request.params.cid, OWNERS);
      const claim = { scope: idempotencyScope(actor), fingerprint: requestFingerprint(request) };
      return idempotent(db, request, reply, claim, async () => {
        const email = normalizeEmail(request.body.email);
        if (!email) throw invalidField("email", "Enter a valid email address, like name@example.com.");
        const member = await transact(context, (tx) =>
          addMember(tx, actor, { email, role: request.body.role }),
        );
        return reply.code(201).send(member);
      });
    },
  );

  app.patch(
    "/api/companies/:cid/members/:userId",
    {
      schema: {
        tags,
        summary: "Change a member's role (owners); the last owner stays one",
        params: MemberParams,
        body: ChangeRoleBody,
        response: { 200: MemberSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const actor = await requireCompanyActor(context, request, request.params.cid, OWNERS);
      const input = { userId: request.params.userId, role: request.body.role };
      return transact(context, (tx) => changeMemberRole(tx, actor, input));
    },
  );

  app.delete(
    "/api/companies/:cid/members/:userId",
    {
      schema: {
        tags,
        summary: "Remove a member (owners), or leave the team (yourself); the last owner cannot",
        params: MemberParams,
        response: { 204: { type: "null", description: "Removed" }, ...problems(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const actor = await requireCompanyActor(context, request, request.params.cid);
      const userId = await transact(context, (tx) =>
        removeMember(tx, actor, { userId: request.params.userId }),
      );
      // Their open event streams re-check at once and stop hearing the company.
      await context.bus.signal({ name: "session.ended", userId });
      return reply.code(204).send();
    },
  );

  app.get(
    "/api/companies/:cid/api-tokens",
    {
      schema: {
        tags,
        summary: "The company's API tokens, revoked ones included (owners)",
        params: CompanyParams,
        response: { 200: ApiTokenListSchema, ...problems(401, 403, 404) },
      },
    },
    async (request) => {
      const actor = await requireCompanyActor(context, request, request.params.cid, OWNERS);
      return { items: await listApiTokens(db, actor.companyId) };
    },
  );

  app.post(
    "/api/companies/:cid/api-tokens",
    {
      schema: {
        tags,
        summary: "Create an API token (owners); its secret is in this answer only",
        description: "Send it as `Authorization: Bearer <token>` to any company route of this company.",
        params: CompanyParams,
        body: CreateTokenBody,
        response: { 201: CreatedApiTokenSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const actor = await requireCompanyActor(context, request, request.params.cid, OWNERS);
      const created = await transact(context, (tx) => createApiToken(tx, actor, request.body));
      return reply.code(201).send(created);
    },
  );

  app.delete(
    "/api/companies/:cid/api-tokens/:id",
    {
      schema: {
        tags,
        summary: "Revoke an API token (owners): its next request is a 401",
        params: TokenParams,
        response: { 200: ApiTokenSchema, ...problems(401, 403, 404) },
      },
    },
    async (request) => {
      const actor = await requireCompanyActor(context, request, request.params.cid, OWNERS);
      return transact(context, (tx) => revokeApiToken(tx, actor, { id: request.params.id }));
    },
  );
}
