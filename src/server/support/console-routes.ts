import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import {
  SupportContextSchema,
  SupportConversationPageSchema,
  SupportConversationSchema,
  SupportMessagePageSchema,
  SupportMessagePostedSchema,
  SupportThreadSchema,
} from "../../common/wire/support.ts";
import { requireSupportAgent } from "../auth/guards.ts";
import { problems } from "../http/problem.ts";
import type { AppContext } from "../kernel/context.ts";
import { transact } from "../kernel/transaction.ts";
import { closeConversation } from "./close-conversation.ts";
import { markReadByAgent } from "./mark-read-by-agent.ts";
import { readPersonContext } from "./person-context.ts";
import { findConversation, findConversationRow, listConversations, listMessages } from "./queries.ts";
import { reopenConversation } from "./reopen-conversation.ts";
import { replyToConversation } from "./reply-to-conversation.ts";
import { resendInvitationForPerson } from "./resend-invitation-for-person.ts";
import {
  AgentReadBody,
  ContractorParams,
  ConversationListQuery,
  ConversationParams,
  MessagesQuery,
  ReplyBody,
} from "./schemas.ts";

const tags = ["support console"];

/** The support console: support agents only; to anyone else every route answers 404. */
export function registerConsoleRoutes(fastify: FastifyInstance, context: AppContext): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = context.database;

  app.get(
    "/api/support/conversations",
    {
      schema: {
        tags,
        summary: "Conversations: open first, then closed, each by its last message, newest first",
        querystring: ConversationListQuery,
        response: { 200: SupportConversationPageSchema, ...problems(400, 404) },
      },
    },
    async (request) => {
      requireSupportAgent(request);
      return listConversations(db, request.query);
    },
  );

  app.get(
    "/api/support/conversations/:id",
    {
      schema: {
        tags,
        summary: "One conversation and its latest messages",
        params: ConversationParams,
        response: { 200: SupportThreadSchema, ...problems(404) },
      },
    },
    async (request) => {
      requireSupportAgent(request);
      const conversation = await findConversation(db, request.params.id);
      return { conversation, messages: await listMessages(db, conversation.id) };
    },
  );

  app.get(
    "/api/support/conversations/:id/messages",
    {
      schema: {
        tags,
        summary: "Earlier messages of a conversation",
        params: ConversationParams,
        querystring: MessagesQuery,
        response: { 200: SupportMessagePageSchema, ...problems(404) },
      },
    },
    async (request) => {
      requireSupportAgent(request);
      const row = await findConversationRow(db, request.params.id);
      return listMessages(db, row.id, { before: request.query.before });
    },
  );

  app.post(
    "/api/support/conversations/:id/messages",
    {
      schema: {
        tags,
        summary: "Reply (emailed to the person if unread two minutes later; to a visitor in any case)",
        params: ConversationParams,
        body: ReplyBody,
        response: { 201: SupportMessagePostedSchema, ...problems(400, 404, 409) },
      },
    },
    async (request, reply) => {
      const agent = requireSupportAgent(request);
      const posted = await transact(context, (tx) =>
        replyToConversation(tx, agent, { conversationId: request.params.id, body: request.body.body }),
      );
      return reply.code(201).send(posted);
    },
  );

  app.post(
    "/api/support/conversations/:id/close",
    {
      schema: {
        tags,
        summary: "Close a conversation (the person writing again reopens it)",
        params: ConversationParams,
        response: { 200: SupportConversationSchema, ...problems(404, 409) },
      },
    },
    async (request) => {
      const agent = requireSupportAgent(request);
      await transact(context, (tx) => closeConversation(tx, agent, request.params.id));
      return findConversation(db, request.params.id);
    },
  );

  app.post(
    "/api/support/conversations/:id/reopen",
    {
      schema: {
        tags,
        summary: "Reopen a closed conversation",
        params: ConversationParams,
        response: { 200: SupportConversationSchema, ...problems(404, 409) },
      },
    },
    async (request) => {
      const agent = requireSupportAgent(request);
      await transact(context, (tx) => reopenConversation(tx, agent, request.params.id));
      return findConversation(db, request.params.id);
    },
  );

  app.post(
    "/api/support/conversations/:id/read",
    {
      schema: {
        tags,
        summary: "The agents have read the conversation (through a message)",
        params: ConversationParams,
        body: AgentReadBody,
        response: { 204: Type.Null(), ...problems(400, 404) },
      },
    },
    async (request, reply) => {
      const agent = requireSupportAgent(request);
      await transact(context, (tx) =>
        markReadByAgent(tx, agent, { conversationId: request.params.id, through: request.body.through }),
      );
      return reply.code(204).send(null);
    },
  );

  app.get(
    "/api/support/conversations/:id/context",
    {
      schema: {
        tags,
        summary:
          "The person's account, companies, contractor relations and last emails with their delivery (never their content)",
        params: ConversationParams,
        response: { 200: SupportContextSchema, ...problems(404) },
      },
    },
    async (request) => {
      requireSupportAgent(request);
      return readPersonContext(db, request.params.id);
    },
  );

  app.post(
    "/api/support/conversations/:id/contractors/:contractorId/resend-invitation",
    {
      schema: {
        tags,
        summary:
          "Send the person's invitation again on the company's behalf (recorded as done by support); answers the new context",
        params: ContractorParams,
        response: { 202: SupportContextSchema, ...problems(404, 409, 429) },
      },
    },
    async (request, reply) => {
      const agent = requireSupportAgent(request);
      const { id, contractorId } = request.params;
      await transact(context, (tx) =>
        resendInvitationForPerson(tx, agent, { conversationId: id, contractorId }),
      );
      return reply.code(202).send(await readPersonContext(db, id));
    },
  );
}
