import { platformRoleChannel } from "../auth/stream-audience.ts";
import type { SupportConversationsTable, SupportMessagesTable } from "../db/types.ts";
import type { Audience } from "../events/bus.ts";
import type { Tx } from "../kernel/tx.ts";
import { presentMessage } from "./present.ts";

/** Every support agent's stream hears this channel: the channel of their platform role. */
const AGENTS_CHANNEL = platformRoleChannel("support");

/** A visitor's stream hears their own conversation's channel, and no other (visitor-streams.ts). */
export function guestChannel(conversationId: string): string {
  return `support:conversation:${conversationId}`;
}

type ConversationRef = Pick<SupportConversationsTable, "id" | "user_id">;

/** The agents, and (unless `agentsOnly`) the person: their account's streams, or the visitor's channel. */
function audienceOf(conversation: ConversationRef, agentsOnly = false): Audience {
  if (agentsOnly) return { channels: [AGENTS_CHANNEL] };
  if (conversation.user_id) return { channels: [AGENTS_CHANNEL], userIds: [conversation.user_id] };
  return { channels: [AGENTS_CHANNEL, guestChannel(conversation.id)] };
}

export function publishSupportMessage(
  tx: Tx,
  conversation: ConversationRef,
  message: SupportMessagesTable,
): void {
  tx.publish("support.message", audienceOf(conversation), {
    conversationId: conversation.id,
    message: presentMessage(message),
  });
}

/** Closed or reopened (both sides see it), or read by an agent (only agents' unread counts change). */
export function publishConversationUpdated(
  tx: Tx,
  conversation: ConversationRef & Pick<SupportConversationsTable, "status">,
  { agentsOnly = false } = {},
): void {
  tx.publish("support.conversation.updated", audienceOf(conversation, agentsOnly), {
    conversationId: conversation.id,
    status: conversation.status,
  });
}
