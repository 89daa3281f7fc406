import type { SecurityEventKind } from "../../common/account.ts";
import { newId } from "../db/ids.ts";
import type { Visitor } from "../kernel/actors.ts";
import type { Tx } from "../kernel/tx.ts";
import { enqueueEmail } from "../mail/outbox.ts";
import { securityNoticeEmail } from "./emails.ts";

export interface SecurityRecord {
  kind: SecurityEventKind;
  /** Who did it: the browser and address shown beside the line. */
  visitor?: Visitor | null;
  detail?: string | null;
  /** Tells the person by email (every security change does; a sign-in does not). */
  notify?: boolean;
}

/**
 * Writes one line of the person's security history, tells their open Account page, and for a security
 * change emails them at their current address.
 */
export async function recordSecurityEvent(tx: Tx, userId: string, record: SecurityRecord): Promise<void> {
  await tx.db
    .insertInto("account_events")
    .values({
      id: newId(tx.now.getTime()),
      user_id: userId,
      kind: record.kind,
      at: tx.now.toISOString(),
      ip: record.visitor?.ip ?? null,
      user_agent: record.visitor?.userAgent?.slice(0, 512) ?? null,
      detail: record.detail ?? null,
    })
    .execute();
  publishAccountUpdated(tx, userId);
  if (!record.notify) return;
  const user = await tx.db
    .selectFrom("users")
    .select(["email", "name"])
    .where("id", "=", userId)
    .executeTakeFirstOrThrow();
  const mail = securityNoticeEmail(tx.config.appUrl, { name: user.name, kind: record.kind, at: tx.now });
  await enqueueEmail(tx.db, { ...mail, recipient: user.email }, tx.now);
}

/** The person's open Account pages reload what they show. */
export function publishAccountUpdated(tx: Tx, userId: string): void {
  tx.publish("account.updated", { userIds: [userId] }, { userId });
}
