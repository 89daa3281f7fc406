import type { Kysely } from "kysely";
import type { SupportChat } from "../../common/wire/support.ts";
import type { DB, SupportConversationsTable } from "../db/types.ts";
import { notFound } from "../http/problem.ts";
import type { ChatPerson } from "./actors.ts";
import { listMessages, unreadByPerson } from "./queries.ts";

/**
 * The person's conversation: the one named (theirs only: anyone else's is 404, as if it did not exist), or
 * else their latest one. A visitor has exactly the one their cookie proves.
 */
export async function findPersonConversation(
  db: Kysely<DB>,
  person: ChatPerson,
  conversationId?: string,
): Promise<SupportConversationsTable | undefined> {
  if (person.kind === "guest") {
    if (conversationId !== undefined && conversationId !== person.conversationId)
      throw notFound("Conversation");
    if (!person.conversationId) return undefined;
    return db
      .selectFrom("support_conversations")
      .selectAll()
      .where("id", "=", person.conversationId)
      .executeTakeFirst();
  }
  let query = db.selectFrom("support_conversations").selectAll().where("user_id", "=", person.userId);
  if (conversationId !== undefined) {
    const row = await query.where("id", "=", conversationId).executeTakeFirst();
    if (!row) throw notFound("Conversation");
    return row;
  }
  query = query.orderBy("last_message_at", "desc").orderBy("id", "desc").limit(1);
  return query.executeTakeFirst();
}

/** What the chat panel shows: who you are, your conversation and its latest messages. */
export async function readChat(
  db: Kysely<DB>,
  person: ChatPerson,
  supportEmail: string,
  conversationId?: string,
): Promise<SupportChat> {
  const row = await findPersonConversation(db, person, conversationId);
  let you: SupportChat["you"] = null;
  if (person.kind === "user") you = { kind: "user", name: person.name, email: person.email };
  else if (row) you = { kind: "guest", name: row.guest_name ?? "", email: row.guest_email ?? "" };
  if (!row) return { supportEmail, you, conversation: null, messages: { items: [], nextCursor: null } };
  return {
    supportEmail,
    you,
    conversation: { id: row.id, status: row.status, unread: await unreadByPerson(db, row) },
    messages: await listMessages(db, row.id),
  };
}
