import { Type } from "@sinclair/typebox";
import { MAX_EMAIL_LENGTH } from "../../common/email.ts";
import { MAX_GUEST_NAME_LENGTH, MAX_SUPPORT_MESSAGE_LENGTH } from "../../common/support.ts";
import { SupportConversationStatusSchema } from "../../common/wire/support.ts";
import { MAX_CONVERSATION_PAGE_SIZE } from "./queries.ts";

const Id = Type.String({ minLength: 1, maxLength: 64 });

const Body = Type.String({
  maxLength: MAX_SUPPORT_MESSAGE_LENGTH,
  description: "Plain text (spaces around it trimmed); shown as text, never as HTML",
});

export const SendMessageBody = Type.Object({
  body: Body,
  conversationId: Type.Optional(Id),
  guestName: Type.Optional(
    Type.String({
      maxLength: MAX_GUEST_NAME_LENGTH + 100,
      description: "A visitor's first message: their name",
    }),
  ),
  guestEmail: Type.Optional(
    Type.String({ maxLength: MAX_EMAIL_LENGTH + 100, description: "A visitor's first message: their email" }),
  ),
});

export const ReplyBody = Type.Object({ body: Body });

export const ChatQuery = Type.Object({
  conversationId: Type.Optional(Id),
});

export const ChatMessagesQuery = Type.Object({
  conversationId: Id,
  before: Type.Optional(Type.String({ maxLength: 64, description: "The nextCursor of the page after" })),
});

export const PersonReadBody = Type.Object({
  conversationId: Id,
  through: Type.Optional(
    Type.String({ maxLength: 64, description: "The last message shown; the newest if absent" }),
  ),
});

export const AgentReadBody = Type.Object({
  through: Type.Optional(
    Type.String({ maxLength: 64, description: "The last message shown; the newest if absent" }),
  ),
});

export const GuestLinkBody = Type.Object({ token: Type.String({ minLength: 1, maxLength: 200 }) });

export const ConversationParams = Type.Object({ id: Id });
export const ContractorParams = Type.Object({ id: Id, contractorId: Id });

export const ConversationListQuery = Type.Object({
  status: Type.Optional(SupportConversationStatusSchema),
  cursor: Type.Optional(Type.String({ maxLength: 300 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_CONVERSATION_PAGE_SIZE, default: 50 })),
});

export const MessagesQuery = Type.Object({
  before: Type.Optional(Type.String({ maxLength: 64, description: "The nextCursor of the page after" })),
});
