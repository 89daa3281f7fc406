import { type Static, Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { MAX_INVITES_PER_SUBMISSION, parseEmailList } from "../../common/email-list.ts";
import type { InviteResult } from "../../common/wire/contractors.ts";
import { requireCompanyRole, requireUser } from "../http/auth-context.ts";
import { badRequest } from "../http/problem.ts";
import type { AppContext } from "../kernel/context.ts";
import { registerProfileRoutes } from "../profile/routes.ts";
import { publishTaskUpdate } from "../tasks/task-events.ts";
import { acceptInvitationByLink, acceptInvitationInApp } from "./accept-invitation.ts";
import { publishContractorUpdates } from "./acceptance.ts";
import { publishInvitationDeliveries } from "./delivery-updates.ts";
import { inviteContractors, MAX_WELCOME_MESSAGE_LENGTH } from "./invite-contractors.ts";
import { findContractor, listContractors, MAX_PAGE_SIZE } from "./list-contractors.ts";
import { removeContractor } from "./remove-contractor.ts";
import { resendInvitation } from "./resend-invitation.ts";

const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    errors: Type.Optional(
      Type.Array(
        Type.Object({
          field: Type.Optional(Type.String()),
          row: Type.Optional(Type.Integer()),
          column: Type.Optional(Type.String()),
          message: Type.String(),
        }),
      ),
    ),
    allowed: Type.Optional(Type.Array(Type.String())),
  },
  { description: "application/problem+json (RFC 9457)" },
);

const ContractorStatus = Type.Union([
  Type.Literal("invited"),
  Type.Literal("active"),
  Type.Literal("removed"),
]);

export const Contractor = Type.Object({
  id: Type.String({ description: "The company–contractor relation" }),
  userId: Type.String(),
  email: Type.String(),
  name: Type.String(),
  status: ContractorStatus,
  invitedAt: Type.String(),
  activatedAt: Type.Union([Type.String(), Type.Null()]),
  invitationEmail: Type.Union([
    Type.Object({
      status: Type.Union([Type.Literal("queued"), Type.Literal("sent"), Type.Literal("failed")]),
      at: Type.Union([Type.String(), Type.Null()]),
      reason: Type.Union([Type.String(), Type.Null()]),
    }),
    Type.Null(),
  ]),
});

const CompanyParams = Type.Object({ cid: Type.String({ maxLength: 64 }) });
const ContractorParams = Type.Object({
  cid: Type.String({ maxLength: 64 }),
  id: Type.String({ maxLength: 64 }),
});

const InviteBody = Type.Object({
  emails: Type.String({
    maxLength: 200_000,
    description: `Addresses separated by commas, semicolons, spaces or new lines, or "Name <address>" lists; at most ${MAX_INVITES_PER_SUBMISSION}.`,
  }),
  message: Type.Optional(Type.String({ maxLength: MAX_WELCOME_MESSAGE_LENGTH })),
});

const InviteResponse = Type.Object({
  results: Type.Array(
    Type.Object({
      email: Type.String(),
      outcome: Type.Union([
        Type.Literal("invited"),
        Type.Literal("already_in_team"),
        Type.Literal("invalid"),
      ]),
      contractorId: Type.Optional(Type.String()),
      reason: Type.Optional(Type.Union([Type.Literal("format"), Type.Literal("self")])),
    }),
  ),
});

const ListQuery = Type.Object({
  status: Type.Optional(ContractorStatus),
  q: Type.Optional(
    Type.String({
      maxLength: 200,
      description: "Search: each word typed must be the start of a word of the name or email, in any case",
    }),
  ),
  cursor: Type.Optional(Type.String({ maxLength: 64 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 50 })),
});

const ContractorList = Type.Object({
  items: Type.Array(Contractor),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});

const AcceptedInvitation = Type.Object({
  contractorId: Type.String(),
  companyId: Type.String(),
  companyName: Type.String(),
  status: ContractorStatus,
});

const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, Problem]));

/** Contractors of a company (owners and managers), invitation acceptance, and the required information. */
export function registerContractorRoutes(app: FastifyInstance, context: AppContext): void {
  const { database, config } = context;
  const { db } = database;
  const stopDeliveries = publishInvitationDeliveries(context, (error) =>
    app.log.error({ err: error }, "contractors: publishing an invitation delivery failed"),
  );
  app.addHook("onClose", async () => stopDeliveries());

  app.post<{ Params: Static<typeof CompanyParams>; Body: Static<typeof InviteBody> }>(
    "/api/companies/:cid/contractors/invitations",
    {
      schema: {
        tags: ["contractors"],
        summary: "Invite one or many contractors by email",
        params: CompanyParams,
        body: InviteBody,
        response: { 200: InviteResponse, ...errors(400, 401, 403, 404, 429) },
      },
    },
    async (request) => {
      const { cid } = request.params;
      const { auth } = await requireCompanyRole(database, request, cid);
      const list = parseEmailList(request.body.emails);
      if (list.overLimit) {
        throw badRequest(
          `At most ${MAX_INVITES_PER_SUBMISSION} addresses per submission; this one holds ${list.found}.`,
          [{ field: "emails", message: `At most ${MAX_INVITES_PER_SUBMISSION} addresses per submission.` }],
        );
      }
      if (list.addresses.length === 0 && list.invalid.length === 0) {
        throw badRequest("Enter at least one email address.", [
          { field: "emails", message: "Enter at least one email address." },
        ]);
      }
      const output = await db.transaction().execute((trx) =>
        inviteContractors(trx, config, {
          companyId: cid,
          inviterUserId: auth.user.id,
          entries: list.addresses,
          message: request.body.message,
        }),
      );
      await publishContractorUpdates(context, output.changedContractorIds);
      const invalid: InviteResult[] = list.invalid.map((i) => ({
        email: i.input,
        outcome: "invalid",
        reason: "format",
      }));
      return { results: [...output.results, ...invalid] };
    },
  );

  app.get<{ Params: Static<typeof CompanyParams>; Querystring: Static<typeof ListQuery> }>(
    "/api/companies/:cid/contractors",
    {
      schema: {
        tags: ["contractors"],
        summary: "The company's contractors, newest first",
        params: CompanyParams,
        querystring: ListQuery,
        response: { 200: ContractorList, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { cid } = request.params;
      await requireCompanyRole(database, request, cid);
      return listContractors(database, { companyId: cid, ...request.query });
    },
  );

  app.get<{ Params: Static<typeof ContractorParams> }>(
    "/api/companies/:cid/contractors/:id",
    {
      schema: {
        tags: ["contractors"],
        summary: "One contractor",
        params: ContractorParams,
        response: { 200: Contractor, ...errors(401, 403, 404) },
      },
    },
    async (request) => {
      const { cid, id } = request.params;
      await requireCompanyRole(database, request, cid);
      return findContractor(db, cid, id);
    },
  );

  app.post<{ Params: Static<typeof ContractorParams> }>(
    "/api/companies/:cid/contractors/:id/resend-invitation",
    {
      schema: {
        tags: ["contractors"],
        summary: "Send the invitation again with a new link (the old one stops working)",
        params: ContractorParams,
        response: { 202: Contractor, ...errors(401, 403, 404, 409, 429) },
      },
    },
    async (request, reply) => {
      const { cid, id } = request.params;
      const { auth } = await requireCompanyRole(database, request, cid);
      await db
        .transaction()
        .execute((trx) =>
          resendInvitation(trx, config, { companyId: cid, contractorId: id, actorUserId: auth.user.id }),
        );
      await publishContractorUpdates(context, [id]);
      return reply.code(202).send(await findContractor(db, cid, id));
    },
  );

  app.delete<{ Params: Static<typeof ContractorParams> }>(
    "/api/companies/:cid/contractors/:id",
    {
      schema: {
        tags: ["contractors"],
        summary: "Remove a contractor (Offered tasks are cancelled; tasks in progress stay)",
        params: ContractorParams,
        response: { 204: Type.Null(), ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { cid, id } = request.params;
      const { auth } = await requireCompanyRole(database, request, cid);
      const output = await db.transaction().execute((trx) =>
        removeContractor(trx, {
          companyId: cid,
          contractorId: id,
          actorUserId: auth.user.id,
          appUrl: context.config.appUrl,
        }),
      );
      await publishContractorUpdates(context, output.changedContractorIds);
      for (const taskId of output.cancelledTaskIds) await publishTaskUpdate(context, taskId);
      return reply.code(204).send();
    },
  );

  app.post<{ Body: { token: string } }>(
    "/api/invitations/accept",
    {
      schema: {
        tags: ["contractors"],
        summary: "Accept an invitation from its emailed link, signed in as the invited address",
        body: Type.Object({ token: Type.String({ minLength: 1, maxLength: 200 }) }),
        response: { 200: AcceptedInvitation, ...errors(400, 401, 403, 410) },
      },
    },
    async (request) => {
      const { user } = requireUser(request);
      const output = await db
        .transaction()
        .execute((trx) => acceptInvitationByLink(trx, { token: request.body.token, user }));
      await publishContractorUpdates(context, output.changedContractorIds);
      return output.invitation;
    },
  );

  app.post<{ Params: { contractorId: string } }>(
    "/api/me/invitations/:contractorId/accept",
    {
      schema: {
        tags: ["contractors"],
        summary: "Accept a pending invitation inside the app (verified accounts only)",
        params: Type.Object({ contractorId: Type.String({ maxLength: 64 }) }),
        response: { 200: AcceptedInvitation, ...errors(401, 403, 404) },
      },
    },
    async (request) => {
      const { user } = requireUser(request);
      const output = await db
        .transaction()
        .execute((trx) => acceptInvitationInApp(trx, { contractorId: request.params.contractorId, user }));
      await publishContractorUpdates(context, output.changedContractorIds);
      return output.invitation;
    },
  );

  registerProfileRoutes(app, context);
}
