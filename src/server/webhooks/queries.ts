import type { Kysely } from "kysely";
import type { Webhook, WebhookDeliveryPage } from "../../common/wire/webhooks.ts";
import type { DB, WebhookEndpointsTable } from "../db/types.ts";
import { notFound } from "../http/problem.ts";
import { presentDelivery, presentWebhook } from "./present.ts";

/** The company's webhook row; another company's (or none) is 404. */
export async function findWebhookRow(
  db: Kysely<DB>,
  companyId: string,
  webhookId: string,
): Promise<WebhookEndpointsTable> {
  const row = await db
    .selectFrom("webhook_endpoints")
    .selectAll()
    .where("company_id", "=", companyId)
    .where("id", "=", webhookId)
    .executeTakeFirst();
  if (!row) throw notFound("Webhook");
  return row;
}

export async function listWebhooks(db: Kysely<DB>, companyId: string): Promise<Webhook[]> {
  const rows = await db
    .selectFrom("webhook_endpoints")
    .selectAll()
    .where("company_id", "=", companyId)
    .orderBy("id")
    .execute();
  return rows.map(presentWebhook);
}

const DELIVERIES_PAGE = 25;

/** A webhook's delivery log, newest first; `cursor` is the last id of the previous page. */
export async function listDeliveries(
  db: Kysely<DB>,
  companyId: string,
  webhookId: string,
  cursor?: string,
): Promise<WebhookDeliveryPage> {
  await findWebhookRow(db, companyId, webhookId);
  let query = db
    .selectFrom("webhook_deliveries")
    .selectAll()
    .where("endpoint_id", "=", webhookId)
    .where("company_id", "=", companyId);
  if (cursor) query = query.where("id", "<", cursor);
  const rows = await query
    .orderBy("id", "desc")
    .limit(DELIVERIES_PAGE + 1)
    .execute();
  const page = rows.slice(0, DELIVERIES_PAGE);
  return {
    items: page.map(presentDelivery),
    nextCursor: rows.length > DELIVERIES_PAGE ? (page.at(-1)?.id ?? null) : null,
  };
}
