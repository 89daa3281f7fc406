import { type Kysely, sql } from "kysely";
import type { DB } from "../db/types.ts";

/**
 * Every invariant of the ledger (money.md), read in one pass each: the answer lists the breaches, empty when
 * the books add up. `npm run cli -- ledger-check` prints them; the tests run it after every step.
 */
export async function checkLedger(db: Kysely<DB>): Promise<string[]> {
  const breaches: string[] = [];

  const sums = await db
    .selectFrom("ledger_accounts")
    .select(["currency", sql<number>`sum(balance)`.as("total")])
    .groupBy("currency")
    .execute();
  for (const s of sums) {
    if (Number(s.total) !== 0) breaches.push(`${s.currency}: the balances add up to ${s.total}, not 0`);
  }

  const negative = await db
    .selectFrom("ledger_accounts")
    .select(["id", "balance"])
    .where("balance", "<", 0)
    .where("owner_kind", "<>", "bank")
    .execute();
  for (const a of negative) breaches.push(`${a.id} is below zero: ${a.balance}`);

  // Each account's transfers summed in one pass over the transfers (grouped), not one scan per account.
  const sumsBy = async (column: "credit_account" | "debit_account") =>
    new Map(
      (
        await db
          .selectFrom("ledger_transfers")
          .select([`${column} as account`, sql<number | string>`sum(amount)`.as("total")])
          .groupBy(column)
          .execute()
      ).map((r) => [r.account, Number(r.total)]),
    );
  const [credits, debits] = [await sumsBy("credit_account"), await sumsBy("debit_account")];
  const accounts = await db.selectFrom("ledger_accounts").select(["id", "balance"]).execute();
  for (const a of accounts) {
    const expected = (credits.get(a.id) ?? 0) - (debits.get(a.id) ?? 0);
    if (Number(a.balance) !== expected) {
      breaches.push(`${a.id} holds ${a.balance} but its transfers add up to ${expected}`);
    }
  }

  const twice = await db
    .selectFrom("ledger_transfers")
    .select(["kind", "reference_type", "reference_id", sql<number>`count(*)`.as("n")])
    .where("kind", "in", ["top_up", "reserve", "release", "payment", "fee"])
    .groupBy(["kind", "reference_type", "reference_id"])
    .having(sql`count(*)`, ">", 1)
    .execute();
  for (const t of twice) {
    breaches.push(`${t.reference_type} ${t.reference_id} has ${t.n} transfers of kind ${t.kind}`);
  }

  const settledTwice = await db
    .selectFrom("ledger_transfers")
    .select(["reference_id"])
    .where("reference_type", "=", "task")
    .where("kind", "in", ["release", "payment"])
    .groupBy("reference_id")
    .having(sql`count(*)`, ">", 1)
    .execute();
  for (const t of settledTwice) breaches.push(`task ${t.reference_id} was both released and paid`);

  // A company's reserved money is exactly what its reserved tasks hold.
  const reserved = await db
    .selectFrom("ledger_accounts as a")
    .select([
      "a.id",
      "a.balance",
      (eb) =>
        eb
          .selectFrom("task_payments as p")
          .select(sql<number>`coalesce(sum(p.amount_minor + p.fee_minor), 0)`.as("s"))
          .whereRef("p.company_id", "=", "a.owner_id")
          .whereRef("p.currency", "=", "a.currency")
          .where("p.status", "=", "reserved")
          .as("held"),
    ])
    .where("a.owner_kind", "=", "company")
    .where("a.purpose", "=", "reserved")
    .execute();
  for (const a of reserved) {
    if (Number(a.balance) !== Number(a.held ?? 0)) {
      breaches.push(`${a.id} holds ${a.balance} but its reserved tasks hold ${a.held ?? 0}`);
    }
  }

  const receivedTwice = await db
    .selectFrom("top_ups as u")
    .select(["u.number", "u.status"])
    .where((eb) =>
      eb.or([
        eb.and([
          eb("u.status", "=", "received"),
          eb.not(
            eb.exists(
              eb
                .selectFrom("ledger_transfers as t")
                .select("t.id")
                .where("t.reference_type", "=", "top_up")
                .whereRef("t.reference_id", "=", "u.id"),
            ),
          ),
        ]),
        eb.and([
          eb("u.status", "<>", "received"),
          eb.exists(
            eb
              .selectFrom("ledger_transfers as t")
              .select("t.id")
              .where("t.reference_type", "=", "top_up")
              .whereRef("t.reference_id", "=", "u.id"),
          ),
        ]),
      ]),
    )
    .execute();
  for (const u of receivedTwice) {
    breaches.push(`top-up ${u.number} is ${u.status} but its transfer says otherwise`);
  }
  return breaches;
}
