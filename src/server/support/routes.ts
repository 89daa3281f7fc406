import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import {
  SupportChatSchema,
  SupportMessagePageSchema,
  SupportMessagePostedSchema,
} from "../../common/wire/support.ts";
import { notFound, problems } from "../http/problem.ts";
import { limitPerIp } from "../http/rate-limit.ts";
import type { AppContext } from "../kernel/context.ts";
import { transact } from "../kernel/transaction.ts";
import { chatPersonOf } from "./access.ts";
import { guestConversationOf, setGuestCookie } from "./guest-cookie.ts";
import { markReadByPerson } from "./mark-read-by-person.ts";
import { openGuestLink } from "./open-guest-link.ts";
import { findPersonConversation, readChat } from "./person-conversation.ts";
import { listMessages } from "./queries.ts";
import { ChatMessagesQuery, ChatQuery, GuestLinkBody, PersonReadBody, SendMessageBody } from "./schemas.ts";
import { sendSupportMessage } from "./send-message.ts";

const tags = ["support"];

/** The chat of the person asking for help: a signed-in user, or a visitor known by their cookie. */
export function registerChatRoutes(fastify: FastifyInstance, context: AppContext): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { config, database } = context;

  app.get(
    "/api/support/chat",
    {
      schema: {
        tags,
        summary: "Your support conversation (the one named, else your latest) and its latest messages",
        querystring: ChatQuery,
        response: { 200: SupportChatSchema, ...problems(403, 404) },
      },
    },
    async (request) => {
      const person = await chatPersonOf(request, config, database);
      return readChat(database.db, person, config.supportEmail, request.query.conversationId);
    },
  );

  app.get(
    "/api/support/chat/messages",
    {
      schema: {
        tags,
        summary: "Earlier messages of your conversation",
        querystring: ChatMessagesQuery,
        response: { 200: SupportMessagePageSchema, ...problems(400, 403, 404) },
      },
    },
    async (request) => {
      const person = await chatPersonOf(request, config, database);
      const row = await findPersonConversation(database.db, person, request.query.conversationId);
      if (!row) throw notFound("Conversation");
      return listMessages(database.db, row.id, { before: request.query.before });
    },
  );

  app.post(
    "/api/support/messages",
    {
      schema: {
        tags,
        summary:
          "Write to support. A visitor's first message gives guestName and guestEmail and sets the conversation's cookie",
        body: SendMessageBody,
        response: { 201: SupportMessagePostedSchema, ...problems(400, 403, 404, 429) },
      },
    },
    async (request, reply) => {
      const person = await chatPersonOf(request, config, database);
      const { guestToken, ...posted } = await transact(context, (tx) =>
        sendSupportMessage(tx, person, request.body),
      );
      if (guestToken) setGuestCookie(reply, config, guestToken);
      return reply.code(201).send(posted);
    },
  );

  app.post(
    "/api/support/chat/read",
    {
      schema: {
        tags,
        summary: "You have read support's replies (through a message): no email for them",
        body: PersonReadBody,
        response: { 204: Type.Null(), ...problems(400, 403, 404) },
      },
    },
    async (request, reply) => {
      const person = await chatPersonOf(request, config, database);
      await transact(context, (tx) => markReadByPerson(tx, person, request.body));
      return reply.code(204).send(null);
    },
  );

  app.post(
    "/api/support/guest-link",
    {
      // An emailed link, like the others: their per-IP allowance is shared.
      onRequest: limitPerIp(context.rateCounters(database.db), "links", config.rateLimits.linksPerIp),
      schema: {
        tags,
        summary:
          "Open the link of a reply email (a visitor's): it works once and gives this browser the conversation",
        body: GuestLinkBody,
        response: { 200: SupportChatSchema, ...problems(400, 410, 429) },
      },
    },
    async (request, reply) => {
      const current = await guestConversationOf(request, config, database);
      const opened = await transact(context, (tx) =>
        openGuestLink(tx, { token: request.body.token, currentConversationId: current }),
      );
      if (opened.cookieToken) setGuestCookie(reply, config, opened.cookieToken);
      const person = { kind: "guest", conversationId: opened.conversationId, ip: request.ip } as const;
      return readChat(database.db, person, config.supportEmail);
    },
  );
}
