import { normalizeEmail } from "../../common/email.ts";
import { checkGuestName, checkMessageBody, SUPPORT_MESSAGES } from "../../common/support.ts";
import type { ProblemDetail } from "../../common/wire/problem.ts";
import type { SupportMessagePosted } from "../../common/wire/support.ts";
import { newId } from "../db/ids.ts";
import type { SupportConversationsTable, SupportMessagesTable } from "../db/types.ts";
import { badRequest, invalidField } from "../http/problem.ts";
import { spendRateLimit } from "../http/rate-limit.ts";
import type { Tx } from "../kernel/tx.ts";
import type { ChatPerson } from "./actors.ts";
import { publishConversationUpdated, publishSupportMessage } from "./events.ts";
import { issueGuestToken } from "./guest-tokens.ts";
import { findPersonConversation } from "./person-conversation.ts";
import { presentMessage } from "./present.ts";

export interface SendSupportMessageInput {
  body: string;
  conversationId?: string | undefined;
  /** A visitor's first message says who they are. */
  guestName?: string | undefined;
  guestEmail?: string | undefined;
}

export interface SentSupportMessage extends SupportMessagePosted {
  /** A visitor's new conversation: the secret for their browser's cookie. */
  guestToken: string | null;
}

/** A visitor's name and address, or a 400 naming each field that is missing or wrong. */
function guestIdentity(input: SendSupportMessageInput): { name: string; email: string } {
  const errors: ProblemDetail[] = [];
  const name = checkGuestName(input.guestName);
  if ("problem" in name) errors.push({ field: "guestName", message: name.problem });
  const email = input.guestEmail?.trim() ? normalizeEmail(input.guestEmail) : null;
  if (!email) {
    const message = input.guestEmail?.trim()
      ? SUPPORT_MESSAGES.guestEmailInvalid
      : SUPPORT_MESSAGES.guestEmailRequired;
    errors.push({ field: "guestEmail", message });
  }
  if ("problem" in name || !email) throw badRequest("Tell us who you are before you write.", errors);
  return { name: name.name, email };
}

async function startConversation(
  tx: Tx,
  owner: Pick<SupportConversationsTable, "user_id" | "guest_name" | "guest_email">,
): Promise<SupportConversationsTable> {
  const iso = tx.now.toISOString();
  const row: SupportConversationsTable = {
    id: newId(tx.now.getTime()),
    ...owner,
    status: "open",
    created_at: iso,
    updated_at: iso,
    last_message_at: iso,
    closed_at: null,
    closed_by: null,
    agent_read_through: null,
    person_read_through: null,
    emailed_through: null,
    reply_email_due_at: null,
  };
  await tx.db.insertInto("support_conversations").values(row).execute();
  return row;
}

/**
 * The person asking for help writes: into the conversation named (theirs only), else their latest one, else
 * a new one. A visitor's first message needs their name and email, and starts a conversation their browser
 * then proves with a cookie. Writing into a closed conversation reopens it. Visitors are limited per IP
 * address and per email address, users per account.
 */
export async function sendSupportMessage(
  tx: Tx,
  person: ChatPerson,
  input: SendSupportMessageInput,
): Promise<SentSupportMessage> {
  const checked = checkMessageBody(input.body);
  if ("problem" in checked) throw invalidField("body", checked.problem);
  const limits = tx.config.rateLimits;
  let conversation = await findPersonConversation(tx.db, person, input.conversationId);
  let guestToken: string | null = null;
  let authorName: string;

  if (person.kind === "user") {
    await spendRateLimit(tx.rateCounters, `support:user:${person.userId}`, limits.supportPerUser, tx.now);
    conversation ??= await startConversation(tx, {
      user_id: person.userId,
      guest_name: null,
      guest_email: null,
    });
    authorName = person.name;
  } else {
    const guest = conversation
      ? { name: conversation.guest_name ?? "", email: conversation.guest_email ?? "" }
      : guestIdentity(input);
    await spendRateLimit(tx.rateCounters, `support:guest:ip:${person.ip}`, limits.supportGuestPerIp, tx.now);
    // Keyed by the address typed, account or not: the limit tells nothing about who has an account.
    await spendRateLimit(
      tx.rateCounters,
      `support:guest:email:${guest.email}`,
      limits.supportGuestPerEmail,
      tx.now,
    );
    if (!conversation) {
      conversation = await startConversation(tx, {
        user_id: null,
        guest_name: guest.name,
        guest_email: guest.email,
      });
      guestToken = await issueGuestToken(tx.db, conversation.id, "cookie", tx.now);
    }
    authorName = guest.name;
  }

  const iso = tx.now.toISOString();
  const message: SupportMessagesTable = {
    id: newId(tx.now.getTime()),
    conversation_id: conversation.id,
    author_side: "person",
    author_user_id: person.kind === "user" ? person.userId : null,
    author_name: authorName,
    body: checked.body,
    created_at: iso,
  };
  await tx.db.insertInto("support_messages").values(message).execute();
  const reopened = conversation.status === "closed";
  await tx.db
    .updateTable("support_conversations")
    .set({
      status: "open",
      closed_at: null,
      closed_by: null,
      last_message_at: iso,
      updated_at: iso,
      // Whoever writes has read what came before.
      person_read_through: message.id,
    })
    .where("id", "=", conversation.id)
    .execute();
  publishSupportMessage(tx, conversation, message);
  if (reopened) publishConversationUpdated(tx, { ...conversation, status: "open" });
  return { conversationId: conversation.id, message: presentMessage(message), guestToken };
}
