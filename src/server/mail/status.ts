import type { Kysely } from "kysely";
import type { DB, OutboxEmailsTable } from "../db/types.ts";

/** A mail's delivery as the app shows it: "sending" is still queued from the reader's point of view. */
export interface MailDelivery {
  status: "queued" | "sent" | "failed";
  /** When it was sent, or else when it was queued. */
  at: string;
  /** The mail server's answer when it failed for good; the last temporary error while queued. */
  reason: string | null;
}

type DeliveryColumns = Pick<OutboxEmailsTable, "status" | "sent_at" | "created_at" | "last_error">;

export function deliveryOf(row: DeliveryColumns): MailDelivery {
  const status = row.status === "sent" ? "sent" : row.status === "failed" ? "failed" : "queued";
  return {
    status,
    at: status === "sent" && row.sent_at ? row.sent_at : row.created_at,
    reason: status === "sent" ? null : row.last_error,
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
