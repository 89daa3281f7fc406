import { type Static, Type } from "@sinclair/typebox";
import { SUPPORT_AUTHOR_SIDES, SUPPORT_CONVERSATION_STATUSES } from "../support.ts";
import { ContractorStatusSchema } from "./contractors.ts";
import { MailDeliverySchema } from "./mail.ts";
import { CompanyRoleSchema } from "./me.ts";

const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);

export const SupportConversationStatusSchema = Type.Union(
  SUPPORT_CONVERSATION_STATUSES.map((s) => Type.Literal(s)),
);

/** One chat message. `body` is plain text: shown as text, never as HTML. */
export const SupportMessageSchema = Type.Object({
  id: Type.String(),
  conversationId: Type.String(),
  from: Type.Union(
    SUPPORT_AUTHOR_SIDES.map((s) => Type.Literal(s)),
    {
      description: "person: the one asking for help (a user or a visitor); agent: Crewdesk support",
    },
  ),
  authorName: Type.String(),
  body: Type.String(),
  createdAt: Type.String(),
});
export type SupportMessage = Static<typeof SupportMessageSchema>;

/** POST /api/support/messages' answer, and the `support.message` live event. */
export const SupportMessagePostedSchema = Type.Object({
  conversationId: Type.String(),
  message: SupportMessageSchema,
});
export type SupportMessagePosted = Static<typeof SupportMessagePostedSchema>;

/** Messages newest page first; `nextCursor` asks for the page of earlier messages. Items oldest first. */
export const SupportMessagePageSchema = Type.Object({
  items: Type.Array(SupportMessageSchema),
  nextCursor: Nullable(Type.String()),
});
export type SupportMessagePage = Static<typeof SupportMessagePageSchema>;

/** GET /api/support/chat: what the chat panel shows to the person asking for help. */
export const SupportChatSchema = Type.Object({
  supportEmail: Type.String({ description: "SUPPORT_EMAIL, shown beside the chat" }),
  you: Type.Union([
    Type.Object({
      kind: Type.Union([Type.Literal("user"), Type.Literal("guest")]),
      name: Type.String(),
      email: Type.String(),
    }),
    Type.Null(),
  ]),
  conversation: Type.Union([
    Type.Object({
      id: Type.String(),
      status: SupportConversationStatusSchema,
      unread: Type.Integer({ description: "Replies from support not read yet" }),
    }),
    Type.Null(),
  ]),
  messages: SupportMessagePageSchema,
});
export type SupportChat = Static<typeof SupportChatSchema>;

/** Who is writing, as the console shows it. */
export const SupportPersonSchema = Type.Union([
  Type.Object({
    kind: Type.Literal("user"),
    name: Type.String(),
    email: Type.String(),
    companies: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), role: CompanyRoleSchema })),
    contractorOf: Type.Array(
      Type.Object({ companyId: Type.String(), companyName: Type.String(), status: ContractorStatusSchema }),
    ),
  }),
  Type.Object({
    kind: Type.Literal("guest"),
    name: Type.String(),
    email: Type.String({ description: "Typed by the visitor: not verified" }),
  }),
]);
export type SupportPerson = Static<typeof SupportPersonSchema>;

/** One conversation in the support console's list. */
export const SupportConversationSchema = Type.Object({
  id: Type.String(),
  status: SupportConversationStatusSchema,
  person: SupportPersonSchema,
  unread: Type.Integer({ description: "Messages from the person no agent has read yet" }),
  lastMessage: Type.Union([
    Type.Object({
      from: SupportMessageSchema.properties.from,
      preview: Type.String({ description: "The start of the text" }),
      at: Type.String(),
    }),
    Type.Null(),
  ]),
  createdAt: Type.String(),
  lastMessageAt: Type.String(),
  closedAt: Nullable(Type.String()),
});
export type SupportConversation = Static<typeof SupportConversationSchema>;

export const SupportConversationPageSchema = Type.Object({
  items: Type.Array(SupportConversationSchema),
  nextCursor: Nullable(Type.String()),
});
export type SupportConversationPage = Static<typeof SupportConversationPageSchema>;

/** GET /api/support/conversations/{id}: the conversation and its latest messages. */
export const SupportThreadSchema = Type.Object({
  conversation: SupportConversationSchema,
  messages: SupportMessagePageSchema,
});
export type SupportThread = Static<typeof SupportThreadSchema>;

/** GET /api/support/conversations/{id}/context: what helps an agent answer, and nothing more. */
export const SupportContextSchema = Type.Object({
  account: Type.Union([
    Type.Object({
      name: Type.String(),
      email: Type.String(),
      emailVerified: Type.Boolean(),
      hasPassword: Type.Boolean({ description: "False for an invited account that never chose a password" }),
      createdAt: Type.String(),
    }),
    Type.Null(),
  ]),
  matchedBy: Type.Union([Type.Literal("session"), Type.Literal("guest-email"), Type.Null()], {
    description:
      "session: the person was signed in; guest-email: the account whose address the visitor typed (not proof that they own it)",
  }),
  companies: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), role: CompanyRoleSchema })),
  contractorOf: Type.Array(
    Type.Object({
      contractorId: Type.String(),
      companyId: Type.String(),
      companyName: Type.String(),
      status: ContractorStatusSchema,
      invitedAt: Type.String(),
      activatedAt: Nullable(Type.String()),
      invitationEmail: Type.Union([MailDeliverySchema, Type.Null()]),
      canResendInvitation: Type.Boolean(),
    }),
  ),
  emails: Type.Array(
    Type.Object({
      id: Type.String(),
      kind: Type.String({ description: "What the email was: invitation, password-recovery, …" }),
      subject: Type.String(),
      queuedAt: Type.String(),
      attempts: Type.Integer(),
      delivery: MailDeliverySchema,
    }),
    {
      description:
        "The last emails sent to the address, newest first (never their content: links are secret)",
    },
  ),
});
export type SupportContext = Static<typeof SupportContextSchema>;

/** The `support.conversation.updated` live event: closed, reopened, or read by an agent. */
export const SupportConversationUpdatedSchema = Type.Object({
  conversationId: Type.String(),
  status: SupportConversationStatusSchema,
});
export type SupportConversationUpdated = Static<typeof SupportConversationUpdatedSchema>;
