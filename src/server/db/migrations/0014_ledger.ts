import { type Kysely, sql } from "kysely";
import type { Dialect } from "../connection.ts";

/**
 * Money (docs: money.md): a double-entry ledger, the tasks' payment state, and the companies' top-ups.
 *
 * - `ledger_accounts`: one row per account and currency, with its balance kept beside its transfers. The
 *   database itself refuses a balance below zero for every account but `bank`.
 * - `ledger_transfers`: immutable (triggers refuse UPDATE and DELETE on both databases); the id is the
 *   caller's, so a retry of the same transfer hits the primary key and posts nothing.
 * - `task_payments`: what a sent task holds (amount and fee, fixed when sent) and where its money is.
 * - `top_ups` and `document_counters`: a company's requests for a top-up, numbered per year.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const time = dialect === "postgres" ? "timestamptz" : "text";
  const big = dialect === "postgres" ? "bigint" : "integer";

  await db.schema
    .createTable("ledger_accounts")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("currency", "text", (c) => c.notNull())
    .addColumn("owner_kind", "text", (c) => c.notNull())
    .addColumn("owner_id", "text")
    .addColumn("purpose", "text", (c) => c.notNull())
    .addColumn("balance", big, (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", time, (c) => c.notNull())
    .addCheckConstraint("ledger_accounts_not_negative", sql`balance >= 0 or owner_kind = 'bank'`)
    .execute();
  await db.schema
    .createIndex("ledger_accounts_owner")
    .on("ledger_accounts")
    .columns(["owner_kind", "owner_id", "currency"])
    .execute();

  await db.schema
    .createTable("ledger_transfers")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("at", time, (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("amount", big, (c) => c.notNull())
    .addColumn("currency", "text", (c) => c.notNull())
    .addColumn("debit_account", "text", (c) => c.notNull().references("ledger_accounts.id"))
    .addColumn("credit_account", "text", (c) => c.notNull().references("ledger_accounts.id"))
    // Who sees the transfer in their history, so each side's list walks an index of its own.
    .addColumn("company_id", "text")
    .addColumn("contractor_user_id", "text")
    .addColumn("reference_type", "text", (c) => c.notNull())
    .addColumn("reference_id", "text", (c) => c.notNull())
    .addColumn("reference_label", "text", (c) => c.notNull())
    .addCheckConstraint("ledger_transfers_positive", sql`amount > 0`)
    .addCheckConstraint("ledger_transfers_two_accounts", sql`debit_account <> credit_account`)
    .execute();
  await db.schema
    .createIndex("ledger_transfers_company")
    .on("ledger_transfers")
    .columns(["company_id", "at", "id"])
    .execute();
  await db.schema
    .createIndex("ledger_transfers_contractor")
    .on("ledger_transfers")
    .columns(["contractor_user_id", "at", "id"])
    .execute();
  await db.schema
    .createIndex("ledger_transfers_reference")
    .on("ledger_transfers")
    .columns(["reference_type", "reference_id"])
    .execute();

  if (dialect === "postgres") {
    await sql`
      create function ledger_transfers_immutable() returns trigger language plpgsql as $$
      begin
        raise exception 'ledger transfers are immutable: % refused', tg_op;
      end $$`.execute(db);
    await sql`
      create trigger ledger_transfers_no_change before update or delete on ledger_transfers
      for each row execute function ledger_transfers_immutable()`.execute(db);
    await sql`
      create trigger ledger_transfers_no_truncate before truncate on ledger_transfers
      for each statement execute function ledger_transfers_immutable()`.execute(db);
  } else {
    await sql`
      create trigger ledger_transfers_no_update before update on ledger_transfers
      begin select raise(abort, 'ledger transfers are immutable: UPDATE refused'); end`.execute(db);
    await sql`
      create trigger ledger_transfers_no_delete before delete on ledger_transfers
      begin select raise(abort, 'ledger transfers are immutable: DELETE refused'); end`.execute(db);
  }

  await db.schema
    .createTable("task_payments")
    .addColumn("task_id", "text", (c) => c.primaryKey().references("tasks.id").onDelete("cascade"))
    .addColumn("company_id", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("amount_minor", big, (c) => c.notNull())
    .addColumn("fee_minor", big, (c) => c.notNull())
    .addColumn("currency", "text", (c) => c.notNull())
    .addColumn("shortfall_minor", big)
    .addColumn("updated_at", time, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("document_counters")
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("year", "integer", (c) => c.notNull())
    .addColumn("last_number", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("document_counters_pk", ["kind", "year"])
    .execute();

  await db.schema
    .createTable("top_ups")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("company_id", "text", (c) => c.notNull().references("companies.id").onDelete("cascade"))
    .addColumn("number", "text", (c) => c.notNull().unique())
    .addColumn("amount_minor", big, (c) => c.notNull())
    .addColumn("currency", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("payment_reference", "text", (c) => c.notNull().unique())
    .addColumn("received_amount_minor", big)
    .addColumn("test_funds", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("requested_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("received_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", time, (c) => c.notNull())
    .addColumn("received_at", time)
    .execute();
  await db.schema.createIndex("top_ups_company").on("top_ups").columns(["company_id", "id"]).execute();
  await db.schema.createIndex("top_ups_status").on("top_ups").columns(["status", "id"]).execute();
}
