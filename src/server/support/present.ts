import type { SupportConversation, SupportMessage, SupportPerson } from "../../common/wire/support.ts";
import type { SupportConversationsTable, SupportMessagesTable } from "../db/types.ts";

export function presentMessage(row: SupportMessagesTable): SupportMessage {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    from: row.author_side,
    authorName: row.author_name,
    body: row.body,
    createdAt: row.created_at,
  };
}

/** The list shows the start of the last message; the thread shows it whole. */
export const PREVIEW_LENGTH = 140;

export function previewOf(body: string): string {
  const oneLine = body.replace(/\s+/g, " ");
  const chars = [...oneLine];
  return chars.length <= PREVIEW_LENGTH ? oneLine : `${chars.slice(0, PREVIEW_LENGTH - 1).join("")}…`;
}

export function presentConversation(
  row: SupportConversationsTable,
  person: SupportPerson,
  unread: number,
  lastMessage: SupportMessagesTable | undefined,
): SupportConversation {
  return {
    id: row.id,
    status: row.status,
    person,
    unread,
    lastMessage: lastMessage
      ? { from: lastMessage.author_side, preview: previewOf(lastMessage.body), at: lastMessage.created_at }
      : null,
    createdAt: row.created_at,
    lastMessageAt: row.last_message_at,
    closedAt: row.closed_at,
  };
}
