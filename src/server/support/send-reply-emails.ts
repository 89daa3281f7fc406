import type { Tx } from "../kernel/tx.ts";
import { appLink } from "../mail/layout.ts";
import { enqueueEmail } from "../mail/outbox.ts";
import { replyEmail } from "./emails.ts";
import { issueGuestToken } from "./guest-tokens.ts";

/**
 * Two minutes after a reply, the replies the person has not read go to them by email, in one email; a
 * visitor gets every reply, read or not, since the email is their copy and their way back. The
 * conditional claim of `dueAt` makes exactly one node send it. Returns whether an email was queued.
 */
export async function emailUnreadReplies(tx: Tx, conversationId: string, dueAt: string): Promise<boolean> {
  const claimed = await tx.db
    .updateTable("support_conversations")
    .set({ reply_email_due_at: null })
    .where("id", "=", conversationId)
    .where("reply_email_due_at", "=", dueAt)
    .executeTakeFirst();
  if (Number(claimed.numUpdatedRows) !== 1) return false;
  const conversation = await tx.db
    .selectFrom("support_conversations as c")
    .leftJoin("users as u", "u.id", "c.user_id")
    .select([
      "c.id",
      "c.user_id",
      "c.guest_name",
      "c.guest_email",
      "c.person_read_through",
      "c.emailed_through",
      "u.name as user_name",
      "u.email as user_email",
    ])
    .where("c.id", "=", conversationId)
    .executeTakeFirstOrThrow();
  const guest = conversation.user_id === null;
  const marks = [conversation.emailed_through, guest ? null : conversation.person_read_through];
  const after = marks.reduce<string | null>((a, b) => (b !== null && (a === null || b > a) ? b : a), null);
  let query = tx.db
    .selectFrom("support_messages")
    .select(["id", "author_name", "body"])
    .where("conversation_id", "=", conversationId)
    .where("author_side", "=", "agent")
    .orderBy("id");
  if (after) query = query.where("id", ">", after);
  const replies = await query.execute();
  const last = replies[replies.length - 1];
  const recipient = guest ? conversation.guest_email : conversation.user_email;
  const name = guest ? conversation.guest_name : conversation.user_name;
  if (!last || !recipient) return false;

  const link = guest
    ? appLink(tx.config.appUrl, "/support", {
        token: await issueGuestToken(tx.db, conversationId, "link", tx.now),
      })
    : appLink(tx.config.appUrl, "/support", { conversation: conversationId });
  await enqueueEmail(
    tx.db,
    replyEmail({
      recipient,
      name: name ?? "",
      replies: replies.map((r) => ({ authorName: r.author_name, body: r.body })),
      link,
      guest,
      supportEmail: tx.config.supportEmail,
    }),
    tx.now,
  );
  await tx.db
    .updateTable("support_conversations")
    .set({ emailed_through: last.id })
    .where("id", "=", conversationId)
    .execute();
  return true;
}
