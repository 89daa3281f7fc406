import type { Kysely } from "kysely";
import { HELD_UNTIL_OWNER_CONFIRMS, type MailDelivery } from "../../common/wire/mail.ts";
import type { DB, OutboxEmailsTable } from "../db/types.ts";

type DeliveryColumns = Pick<OutboxEmailsTable, "status" | "sent_at" | "created_at" | "last_error">;

/**
 * A mail's delivery as the app shows it. "sending" is still queued from the reader's point of view, and so
 * is a mail the server refused for now: it is retried, and its reason is given only once it failed for good
 * (the mail server's answer, or why it was withdrawn before sending). A held mail says why it waits.
 */
export function deliveryOf(row: DeliveryColumns): MailDelivery & { at: string } {
  if (row.status === "held") return { status: "held", at: row.created_at, reason: HELD_UNTIL_OWNER_CONFIRMS };
  const status = row.status === "sent" ? "sent" : row.status === "failed" ? "failed" : "queued";
  return {
    status,
    at: status === "sent" && row.sent_at ? row.sent_at : row.created_at,
    reason: status === "failed" ? row.last_error : null,
  };
}

/** The delivery of one outbox mail, or null when there is no such mail. */
export async function readMailDelivery(db: Kysely<DB>, id: string): Promise<MailDelivery | null> {
  const row = await db
    .selectFrom("outbox_emails")
    .select(["status", "sent_at", "created_at", "last_error"])
    .where("id", "=", id)
    .executeTakeFirst();
  return row ? deliveryOf(row) : null;
}
