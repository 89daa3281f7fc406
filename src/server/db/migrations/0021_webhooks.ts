import type { Kysely } from "kysely";
import type { Dialect } from "../connection.ts";

/**
 * Webhooks: a company's endpoints (a URL, the events it hears, the secret that signs them, its state) and
 * their deliveries, an outbox claimed like the email outbox: queued in the transaction of the change,
 * claimed with `FOR UPDATE SKIP LOCKED` by any node's worker, retried with backoff, kept as the delivery log.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const time = dialect === "postgres" ? "timestamptz" : "text";
  await db.schema
    .createTable("webhook_endpoints")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("company_id", "text", (c) => c.notNull().references("companies.id").onDelete("cascade"))
    .addColumn("url", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("events", "text", (c) => c.notNull())
    .addColumn("secret", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("consecutive_failures", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("disabled_at", time)
    .addColumn("disabled_reason", "text")
    .addColumn("created_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", time, (c) => c.notNull())
    .addColumn("updated_at", time, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("webhook_endpoints_company")
    .on("webhook_endpoints")
    .columns(["company_id", "id"])
    .execute();

  await db.schema
    .createTable("webhook_deliveries")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("endpoint_id", "text", (c) =>
      c.notNull().references("webhook_endpoints.id").onDelete("cascade"),
    )
    .addColumn("company_id", "text", (c) => c.notNull().references("companies.id").onDelete("cascade"))
    .addColumn("event_id", "text", (c) => c.notNull())
    .addColumn("event_type", "text", (c) => c.notNull())
    .addColumn("payload", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("next_attempt_at", time, (c) => c.notNull())
    .addColumn("locked_until", time)
    .addColumn("response_status", "integer")
    .addColumn("last_error", "text")
    .addColumn("duration_ms", "integer")
    .addColumn("redelivery_of", "text")
    .addColumn("created_at", time, (c) => c.notNull())
    .addColumn("delivered_at", time)
    .execute();
  // The worker's claim: due rows by time.
  await db.schema
    .createIndex("webhook_deliveries_due")
    .on("webhook_deliveries")
    .columns(["status", "next_attempt_at"])
    .execute();
  // An endpoint's delivery log, newest first.
  await db.schema
    .createIndex("webhook_deliveries_endpoint")
    .on("webhook_deliveries")
    .columns(["endpoint_id", "id"])
    .execute();
}
