import type { Kysely } from "kysely";
import type { SupportContext } from "../../common/wire/support.ts";
import type { DB, SupportConversationsTable, UsersTable } from "../db/types.ts";
import { deliveryOf } from "../mail/status.ts";
import { findConversationRow } from "./queries.ts";

/** How many of the address's last emails the console shows. */
export const CONTEXT_EMAILS = 10;

/**
 * The account behind a conversation: the signed-in person's, or, for a visitor, the account of the address
 * they typed. The latter proves nothing (anyone can type an address): the console says so.
 */
export async function accountOfConversation(
  db: Kysely<DB>,
  conversation: SupportConversationsTable,
): Promise<{ account: UsersTable; matchedBy: "session" | "guest-email" } | null> {
  if (conversation.user_id) {
    const account = await db
      .selectFrom("users")
      .selectAll()
      .where("id", "=", conversation.user_id)
      .executeTakeFirst();
    return account ? { account, matchedBy: "session" } : null;
  }
  if (!conversation.guest_email) return null;
  const account = await db
    .selectFrom("users")
    .selectAll()
    .where("email", "=", conversation.guest_email)
    .executeTakeFirst();
  return account ? { account, matchedBy: "guest-email" } : null;
}

/**
 * What helps an agent answer "my invitation never came": the account, its companies, its contractor
 * relations with each invitation email's delivery, and the last emails sent to the address with the mail
 * server's answer. Never an email's content: its links are someone's keys.
 */
export async function readPersonContext(db: Kysely<DB>, conversationId: string): Promise<SupportContext> {
  const conversation = await findConversationRow(db, conversationId);
  const found = await accountOfConversation(db, conversation);
  const address = found?.account.email ?? conversation.guest_email;
  const [companies, relations, emails] = await Promise.all([
    found
      ? db
          .selectFrom("memberships as m")
          .innerJoin("companies as c", "c.id", "m.company_id")
          .select(["c.id", "c.name", "m.role"])
          .where("m.user_id", "=", found.account.id)
          .orderBy("c.name")
          .execute()
      : [],
    found
      ? db
          .selectFrom("contractors as k")
          .innerJoin("companies as c", "c.id", "k.company_id")
          .leftJoin("outbox_emails as e", "e.id", "k.invitation_email_id")
          .select([
            "k.id",
            "k.company_id",
            "c.name",
            "k.status",
            "k.invited_at",
            "k.activated_at",
            "e.status as mail_status",
            "e.sent_at",
            "e.created_at as mail_created_at",
            "e.last_error",
          ])
          .where("k.user_id", "=", found.account.id)
          .orderBy("k.invited_at", "desc")
          .execute()
      : [],
    address
      ? db
          .selectFrom("outbox_emails")
          .select(["id", "template", "subject", "status", "sent_at", "created_at", "last_error", "attempts"])
          .where("recipient", "=", address)
          .orderBy("created_at", "desc")
          .orderBy("id", "desc")
          .limit(CONTEXT_EMAILS)
          .execute()
      : [],
  ]);
  return {
    account: found
      ? {
          name: found.account.name,
          email: found.account.email,
          emailVerified: found.account.email_verified_at !== null,
          hasPassword: found.account.password_hash !== null,
          createdAt: found.account.created_at,
        }
      : null,
    matchedBy: found?.matchedBy ?? null,
    companies,
    contractorOf: relations.map((r) => ({
      contractorId: r.id,
      companyId: r.company_id,
      companyName: r.name,
      status: r.status,
      invitedAt: r.invited_at,
      activatedAt: r.activated_at,
      invitationEmail: r.mail_status
        ? deliveryOf({
            status: r.mail_status,
            sent_at: r.sent_at,
            created_at: r.mail_created_at ?? r.invited_at,
            last_error: r.last_error,
          })
        : null,
      canResendInvitation: r.status === "invited",
    })),
    emails: emails.map((e) => ({
      id: e.id,
      kind: e.template,
      subject: e.subject,
      queuedAt: e.created_at,
      attempts: e.attempts,
      delivery: deliveryOf(e),
    })),
  };
}
