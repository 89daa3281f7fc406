import { MAX_WEBHOOKS_PER_COMPANY } from "../../common/webhooks.ts";
import type { CreatedWebhook, WebhookBody } from "../../common/wire/webhooks.ts";
import { newId } from "../db/ids.ts";
import { conflict } from "../http/problem.ts";
import type { CompanyActor } from "../kernel/actors.ts";
import { auditWhoOf, recordAudit } from "../kernel/audit.ts";
import type { Tx } from "../kernel/tx.ts";
import { checkWebhookUrl } from "./check-url.ts";
import { presentWebhook } from "./present.ts";
import { newWebhookSecret } from "./signature.ts";

/**
 * An owner adds a webhook: its URL (checked: public addresses only), the events it hears, and a new
 * secret, answered this once. At most MAX_WEBHOOKS_PER_COMPANY per company.
 */
export async function createWebhook(
  tx: Tx,
  actor: CompanyActor,
  input: WebhookBody,
): Promise<CreatedWebhook> {
  const url = await checkWebhookUrl(tx.config, input.url);
  const count = await tx.db
    .selectFrom("webhook_endpoints")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("company_id", "=", actor.companyId)
    .executeTakeFirstOrThrow();
  if (Number(count.n) >= MAX_WEBHOOKS_PER_COMPANY) {
    throw conflict(`A company has at most ${MAX_WEBHOOKS_PER_COMPANY} webhooks: delete one first.`);
  }
  const iso = tx.now.toISOString();
  const row = {
    id: newId(tx.now.getTime()),
    company_id: actor.companyId,
    url,
    description: input.description?.trim() ?? "",
    events: JSON.stringify(input.events),
    secret: newWebhookSecret(),
    status: "active" as const,
    consecutive_failures: 0,
    disabled_at: null,
    disabled_reason: null,
    created_by: actor.userId,
    created_at: iso,
    updated_at: iso,
  };
  await tx.db.insertInto("webhook_endpoints").values(row).execute();
  await recordAudit(tx, auditWhoOf(actor), {
    action: "webhook.created",
    subjectType: "webhook",
    subjectId: row.id,
    summary: `Webhook to ${url}`,
    details: { url, events: input.events },
  });
  return { webhook: presentWebhook(row), secret: row.secret };
}
