import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { parseEmailList } from "../../common/email-list.ts";
import {
  isEmptyEmailList,
  NO_ADDRESS_MESSAGE,
  TOO_MANY_ADDRESSES_MESSAGE,
} from "../../common/invitations.ts";
import {
  AcceptedInvitationSchema,
  ContractorPageSchema,
  ContractorSchema,
  type InviteResponse,
  InviteResponseSchema,
} from "../../common/wire/contractors.ts";
import { HeldEmailsSchema } from "../../common/wire/mail.ts";
import { requireCompanyActor } from "../auth/guards.ts";
import { IdempotencyHeaders, idempotencyScope, idempotent, requestFingerprint } from "../http/idempotency.ts";
import { badRequest, problems } from "../http/problem.ts";
import { limitPerIp } from "../http/rate-limit.ts";
import { requireUser } from "../http/request-user.ts";
import type { AppContext } from "../kernel/context.ts";
import { transact } from "../kernel/transaction.ts";
import { acceptInvitationByLink } from "./accept-invitation-by-link.ts";
import { acceptInvitationInApp } from "./accept-invitation-in-app.ts";
import { resultsInOrderTyped } from "./invitation-results.ts";
import { inviteContractors } from "./invite-contractors.ts";
import { findContractor, findHeldEmails, listContractors } from "./queries.ts";
import { removeContractor } from "./remove-contractor.ts";
import { resendInvitation } from "./resend-invitation.ts";
import {
  CompanyParams,
  ContractorParams,
  InvitationParams,
  InviteBody,
  ListQuery,
  TokenBody,
} from "./schemas.ts";

const tags = ["contractors"];

/** Contractors of a company (owners and managers), and invitation acceptance by the invited. */
export function registerContractorRoutes(fastify: FastifyInstance, context: AppContext): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = context.database;

  app.post(
    "/api/companies/:cid/contractors/invitations",
    {
      schema: {
        tags,
        summary: "Invite one or many contractors by email",
        headers: IdempotencyHeaders,
        params: CompanyParams,
        body: InviteBody,
        response: { 200: InviteResponseSchema, ...problems(400, 401, 403, 404, 409, 422, 429) },
      },
    },
    async (request, reply) => {
      const actor = await requireCompanyActor(context, request, request.params.cid);
      const claim = { scope: idempotencyScope(actor), fingerprint: requestFingerprint(request) };
      return idempotent(db, request, reply, claim, async (): Promise<InviteResponse> => {
        // The list is read once, here: the use case takes its normalised addresses.
        const list = parseEmailList(request.body.emails);
        if (list.overLimit) {
          throw badRequest(TOO_MANY_ADDRESSES_MESSAGE, [
            { field: "emails", message: TOO_MANY_ADDRESSES_MESSAGE },
          ]);
        }
        if (isEmptyEmailList(list))
          throw badRequest(NO_ADDRESS_MESSAGE, [{ field: "emails", message: NO_ADDRESS_MESSAGE }]);
        const results = await transact(context, (tx) =>
          inviteContractors(tx, actor, { entries: list.addresses, message: request.body.message }),
        );
        return { results: resultsInOrderTyped(list, results) };
      });
    },
  );

  app.get(
    "/api/companies/:cid/contractors",
    {
      schema: {
        tags,
        summary: "The company's contractors, newest first",
        params: CompanyParams,
        querystring: ListQuery,
        response: { 200: ContractorPageSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = await requireCompanyActor(context, request, request.params.cid);
      return listContractors(context.database, { companyId: actor.companyId, ...request.query });
    },
  );

  app.get(
    "/api/companies/:cid/held-emails",
    {
      schema: {
        tags,
        summary: "The company's invitation and task emails held until its owner confirms their address",
        params: CompanyParams,
        response: { 200: HeldEmailsSchema, ...problems(401, 403, 404) },
      },
    },
    async (request) => {
      const actor = await requireCompanyActor(context, request, request.params.cid);
      return findHeldEmails(db, actor.companyId);
    },
  );

  app.get(
    "/api/companies/:cid/contractors/:id",
    {
      schema: {
        tags,
        summary: "One contractor",
        params: ContractorParams,
        response: { 200: ContractorSchema, ...problems(401, 403, 404) },
      },
    },
    async (request) => {
      const actor = await requireCompanyActor(context, request, request.params.cid);
      return findContractor(db, actor.companyId, request.params.id);
    },
  );

  app.post(
    "/api/companies/:cid/contractors/:id/resend-invitation",
    {
      schema: {
        tags,
        summary: "Send the invitation again with a new link (the old one stops working)",
        params: ContractorParams,
        response: { 202: ContractorSchema, ...problems(401, 403, 404, 409, 429) },
      },
    },
    async (request, reply) => {
      const actor = await requireCompanyActor(context, request, request.params.cid);
      await transact(context, (tx) => resendInvitation(tx, actor, request.params.id));
      return reply.code(202).send(await findContractor(db, actor.companyId, request.params.id));
    },
  );

  app.delete(
    "/api/companies/:cid/contractors/:id",
    {
      schema: {
        tags,
        summary: "Remove a contractor (Offered tasks are cancelled; tasks in progress stay)",
        params: ContractorParams,
        response: { 204: Type.Null(), ...problems(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const actor = await requireCompanyActor(context, request, request.params.cid);
      await transact(context, (tx) => removeContractor(tx, actor, request.params.id));
      return reply.code(204).send(null);
    },
  );

  app.post(
    "/api/invitations/accept",
    {
      onRequest: limitPerIp(context.rateCounters(db), "links", context.config.rateLimits.linksPerIp),
      schema: {
        tags,
        summary: "Accept an invitation from its emailed link, signed in as the invited address",
        body: TokenBody,
        response: { 200: AcceptedInvitationSchema, ...problems(400, 401, 403, 410, 429) },
      },
    },
    async (request) => {
      const { user } = requireUser(request);
      return transact(context, (tx) => acceptInvitationByLink(tx, user, request.body));
    },
  );

  app.post(
    "/api/me/invitations/:contractorId/accept",
    {
      schema: {
        tags,
        summary: "Accept a pending invitation inside the app (verified accounts only)",
        params: InvitationParams,
        response: { 200: AcceptedInvitationSchema, ...problems(401, 403, 404) },
      },
    },
    async (request) => {
      const { user } = requireUser(request);
      return transact(context, (tx) => acceptInvitationInApp(tx, user, request.params));
    },
  );
}
