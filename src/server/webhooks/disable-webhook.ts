import { recordAudit } from "../kernel/audit.ts";
import type { Tx } from "../kernel/tx.ts";
import { addressed, enqueueEmails } from "../mail/outbox.ts";
import { webhookDisabledEmail } from "./emails.ts";

/**
 * The app turns off a webhook that failed `failures` times in a row: its queued deliveries are cancelled,
 * the owners are told by email, the audit log says so. Only an active webhook is turned off (once).
 */
export async function disableFailingWebhook(
  tx: Tx,
  input: { webhookId: string; failures: number; lastError: string },
): Promise<boolean> {
  const iso = tx.now.toISOString();
  const reason =
    `Turned off after ${input.failures} failed deliveries in a row. Last: ${input.lastError}`.slice(0, 1000);
  const updated = await tx.db
    .updateTable("webhook_endpoints")
    .set({ status: "disabled", disabled_at: iso, disabled_reason: reason, updated_at: iso })
    .where("id", "=", input.webhookId)
    .where("status", "=", "active")
    .returning(["id", "company_id", "url"])
    .executeTakeFirst();
  if (!updated) return false;
  await tx.db
    .updateTable("webhook_deliveries")
    .set({ status: "cancelled", last_error: "Not sent: the webhook was turned off.", locked_until: null })
    .where("endpoint_id", "=", updated.id)
    .where("status", "=", "queued")
    .execute();
  const company = await tx.db
    .selectFrom("companies")
    .select("name")
    .where("id", "=", updated.company_id)
    .executeTakeFirstOrThrow();
  const owners = await tx.db
    .selectFrom("memberships as m")
    .innerJoin("users as u", "u.id", "m.user_id")
    .select("u.email")
    .where("m.company_id", "=", updated.company_id)
    .where("m.role", "=", "owner")
    .where("u.deleted_at", "is", null)
    .execute();
  const message = webhookDisabledEmail({
    appUrl: tx.config.appUrl,
    companyId: updated.company_id,
    companyName: company.name,
    url: updated.url,
    failures: input.failures,
    lastError: input.lastError,
  });
  await enqueueEmails(
    tx.db,
    addressed(
      message,
      owners.map((o) => o.email),
      `webhook-disabled:${updated.id}:${iso}`,
    ),
    tx.now,
  );
  await recordAudit(
    tx,
    { companyId: updated.company_id, userId: null, door: "system" },
    {
      action: "webhook.disabled",
      subjectType: "webhook",
      subjectId: updated.id,
      summary: `Webhook to ${updated.url} turned off after ${input.failures} failures in a row`,
      details: { url: updated.url, failures: input.failures, lastError: input.lastError },
    },
  );
  return true;
}
