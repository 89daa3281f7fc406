import { checkMessageBody, REPLY_EMAIL_DELAY_MS } from "../../common/support.ts";
import type { SupportMessagePosted } from "../../common/wire/support.ts";
import { newId } from "../db/ids.ts";
import type { SupportMessagesTable } from "../db/types.ts";
import { conflict, invalidField } from "../http/problem.ts";
import type { SupportAgent } from "../kernel/actors.ts";
import type { Tx } from "../kernel/tx.ts";
import { publishSupportMessage } from "./events.ts";
import { presentMessage } from "./present.ts";
import { findConversationRow } from "./queries.ts";

/**
 * An agent answers. The person sees it live; if it is still unread two minutes later (a visitor: in any
 * case), it goes to them by email (send-reply-emails.ts). A closed conversation must be reopened first.
 */
export async function replyToConversation(
  tx: Tx,
  agent: SupportAgent,
  input: { conversationId: string; body: string },
): Promise<SupportMessagePosted> {
  const checked = checkMessageBody(input.body);
  if ("problem" in checked) throw invalidField("body", checked.problem);
  const conversation = await findConversationRow(tx.db, input.conversationId);
  if (conversation.status === "closed") {
    throw conflict("This conversation is closed. Reopen it to reply.", ["reopen"]);
  }
  const iso = tx.now.toISOString();
  const message: SupportMessagesTable = {
    id: newId(tx.now.getTime()),
    conversation_id: conversation.id,
    author_side: "agent",
    author_user_id: agent.userId,
    author_name: agent.name,
    body: checked.body,
    created_at: iso,
  };
  await tx.db.insertInto("support_messages").values(message).execute();
  await tx.db
    .updateTable("support_conversations")
    .set((eb) => ({
      last_message_at: iso,
      updated_at: iso,
      // The agent answering has read the thread.
      agent_read_through: message.id,
      // The first unanswered reply sets the time; later ones go in the same email.
      reply_email_due_at: eb.fn.coalesce(
        "reply_email_due_at",
        eb.val(new Date(tx.now.getTime() + REPLY_EMAIL_DELAY_MS).toISOString()),
      ),
    }))
    .where("id", "=", conversation.id)
    .execute();
  publishSupportMessage(tx, conversation, message);
  return { conversationId: conversation.id, message: presentMessage(message) };
}
