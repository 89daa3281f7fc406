import type { Kysely } from "kysely";
import type { Dialect } from "../connection.ts";

/**
 * Payouts (docs: money.md): where a contractor is paid, their withdrawals, and finance's payout batches.
 *
 * - `payout_details`: one bank account per person (account holder, IBAN, BIC).
 * - `withdrawals`: a request to be paid out, numbered per year (the number is the pain.001 EndToEndId). It
 *   keeps the account it is to be paid to as it was when asked, so a later change of the details does not
 *   redirect money already on its way.
 * - `payout_batches`: the withdrawals of one currency sent to the bank as one file.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const time = dialect === "postgres" ? "timestamptz" : "text";
  const big = dialect === "postgres" ? "bigint" : "integer";

  await db.schema
    .createTable("payout_details")
    .addColumn("user_id", "text", (c) => c.primaryKey().references("users.id").onDelete("cascade"))
    .addColumn("account_holder", "text", (c) => c.notNull())
    .addColumn("iban", "text", (c) => c.notNull())
    .addColumn("bic", "text", (c) => c.notNull())
    .addColumn("created_at", time, (c) => c.notNull())
    .addColumn("updated_at", time, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("payout_batches")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("number", "text", (c) => c.notNull().unique())
    .addColumn("currency", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("item_count", "integer", (c) => c.notNull())
    .addColumn("total_minor", big, (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", time, (c) => c.notNull())
    .addColumn("sent_at", time)
    .addColumn("settled_at", time)
    .execute();

  await db.schema
    .createTable("withdrawals")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("number", "text", (c) => c.notNull().unique())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id"))
    .addColumn("amount_minor", big, (c) => c.notNull())
    .addColumn("currency", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("account_holder", "text", (c) => c.notNull())
    .addColumn("iban", "text", (c) => c.notNull())
    .addColumn("bic", "text", (c) => c.notNull())
    .addColumn("batch_id", "text", (c) => c.references("payout_batches.id"))
    .addColumn("reason", "text")
    .addColumn("created_at", time, (c) => c.notNull())
    .addColumn("settled_at", time)
    .execute();
  await db.schema.createIndex("withdrawals_user").on("withdrawals").columns(["user_id", "id"]).execute();
  await db.schema
    .createIndex("withdrawals_status")
    .on("withdrawals")
    .columns(["status", "currency", "id"])
    .execute();
  await db.schema.createIndex("withdrawals_batch").on("withdrawals").columns(["batch_id", "id"]).execute();
}
