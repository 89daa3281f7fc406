import type { Kysely } from "kysely";
import type { Dialect } from "../connection.ts";

/**
 * The support chat: conversations (a signed-in user's, or a visitor's who gave a name and an email), their
 * messages, and the visitors' tokens (a browser cookie, an emailed link), stored only as hashes. The
 * outbox gets an index by recipient: the support console shows the last emails sent to an address.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const time = dialect === "postgres" ? "timestamptz" : "text";

  await db.schema
    .createTable("support_conversations")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.references("users.id").onDelete("cascade"))
    .addColumn("guest_name", "text")
    .addColumn("guest_email", "text")
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("created_at", time, (c) => c.notNull())
    .addColumn("updated_at", time, (c) => c.notNull())
    .addColumn("last_message_at", time, (c) => c.notNull())
    .addColumn("closed_at", time)
    .addColumn("closed_by", "text", (c) => c.references("users.id").onDelete("set null"))
    // The last message each side has read (message ids grow with time), and the last reply emailed.
    .addColumn("agent_read_through", "text")
    .addColumn("person_read_through", "text")
    .addColumn("emailed_through", "text")
    // When unread replies go to the person by email; null when nothing waits.
    .addColumn("reply_email_due_at", time)
    .execute();
  await db.schema
    .createIndex("support_conversations_console")
    .on("support_conversations")
    .columns(["status", "last_message_at", "id"])
    .execute();
  await db.schema
    .createIndex("support_conversations_user")
    .on("support_conversations")
    .columns(["user_id", "last_message_at"])
    .execute();
  await db.schema
    .createIndex("support_conversations_reply_due")
    .on("support_conversations")
    .column("reply_email_due_at")
    .execute();

  await db.schema
    .createTable("support_messages")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("conversation_id", "text", (c) =>
      c.notNull().references("support_conversations.id").onDelete("cascade"),
    )
    .addColumn("author_side", "text", (c) => c.notNull())
    .addColumn("author_user_id", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("author_name", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("created_at", time, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("support_messages_conversation")
    .on("support_messages")
    .columns(["conversation_id", "id"])
    .execute();

  await db.schema
    .createTable("support_guest_tokens")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("conversation_id", "text", (c) =>
      c.notNull().references("support_conversations.id").onDelete("cascade"),
    )
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("created_at", time, (c) => c.notNull())
    .addColumn("expires_at", time, (c) => c.notNull())
    .addColumn("used_at", time)
    .execute();
  await db.schema
    .createIndex("support_guest_tokens_conversation")
    .on("support_guest_tokens")
    .column("conversation_id")
    .execute();

  await db.schema
    .createIndex("outbox_emails_recipient")
    .on("outbox_emails")
    .columns(["recipient", "created_at"])
    .execute();
}
