import { randomInt } from "node:crypto";
import { type Kysely, sql } from "kysely";
import { formatMoney } from "../../common/money.ts";
import type { TopUp, TopUpStatus } from "../../common/wire/money.ts";
import type { DB } from "../db/types.ts";
import { notFound } from "../http/problem.ts";

export function topUpQuery(db: Kysely<DB>) {
  return db
    .selectFrom("top_ups as u")
    .innerJoin("companies as c", "c.id", "u.company_id")
    .selectAll("u")
    .select("c.name as company_name");
}

export type TopUpRow = Awaited<ReturnType<ReturnType<typeof topUpQuery>["executeTakeFirstOrThrow"]>>;

export function presentTopUp(row: TopUpRow, withCompany = false): TopUp {
  const money = (minor: number) => formatMoney({ minor: Number(minor), currency: row.currency });
  return {
    id: row.id,
    number: row.number,
    amount: money(row.amount_minor),
    currency: row.currency,
    status: row.status,
    paymentReference: row.payment_reference,
    receivedAmount: row.received_amount_minor === null ? null : money(row.received_amount_minor),
    testFunds: Number(row.test_funds) === 1,
    createdAt: row.created_at,
    receivedAt: row.received_at,
    ...(withCompany ? { company: { id: row.company_id, name: row.company_name } } : {}),
  };
}

/** One top-up of the company; another company's is not found. */
export async function findCompanyTopUp(db: Kysely<DB>, companyId: string, id: string): Promise<TopUpRow> {
  const row = await topUpQuery(db)
    .where("u.id", "=", id)
    .where("u.company_id", "=", companyId)
    .executeTakeFirst();
  if (!row) throw notFound("Top-up");
  return row;
}

/** The next number of a kind of document in a year: one row per kind and year, counted under its lock. */
export async function nextDocumentNumber(db: Kysely<DB>, kind: string, year: number): Promise<number> {
  const row = await db
    .insertInto("document_counters")
    .values({ kind, year, last_number: 1 })
    .onConflict((oc) =>
      oc
        .columns(["kind", "year"])
        .doUpdateSet({ last_number: sql<number>`document_counters.last_number + 1` }),
    )
    .returning("last_number")
    .executeTakeFirstOrThrow();
  return row.last_number;
}

const REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/** A payment reference a person types from a bank statement: `CD-` and ten letters and digits, no 0/O/1/I. */
export function newPaymentReference(): string {
  let text = "";
  for (let i = 0; i < 10; i++) text += REFERENCE_ALPHABET[randomInt(REFERENCE_ALPHABET.length)];
  return `CD-${text.slice(0, 5)}-${text.slice(5)}`;
}

/** The company's top-ups, newest first, 50 a page. */
export async function listCompanyTopUps(
  db: Kysely<DB>,
  companyId: string,
  cursor?: string,
): Promise<{ items: TopUp[]; nextCursor: string | null }> {
  let query = topUpQuery(db).where("u.company_id", "=", companyId);
  if (cursor) query = query.where("u.id", "<", cursor);
  const rows = await query.orderBy("u.id", "desc").limit(51).execute();
  const page = rows.slice(0, 50);
  return {
    items: page.map((r) => presentTopUp(r)),
    nextCursor: rows.length > 50 ? (page.at(-1)?.id ?? null) : null,
  };
}

/**
 * Finance's list: by status (awaiting payment first of all), found by payment reference (spaces and case
 * ignored), number, or the start of a word of the company's name. The newest 100.
 */
export async function listFinanceTopUps(
  db: Kysely<DB>,
  filter: { status?: TopUpStatus | undefined; q?: string | undefined },
): Promise<{ items: TopUp[]; nextCursor: null }> {
  let query = topUpQuery(db);
  if (filter.status) query = query.where("u.status", "=", filter.status);
  const q = filter.q?.trim();
  if (q) {
    const code = q.toUpperCase().replace(/\s+/g, "");
    const reference =
      code.startsWith("CD") && !code.includes("-") && code.length === 12
        ? `CD-${code.slice(2, 7)}-${code.slice(7)}`
        : code;
    const word = q.toLowerCase().replace(/[%_\\]/g, "");
    query = query.where((eb) =>
      eb.or([
        eb("u.payment_reference", "=", reference),
        eb("u.number", "=", code),
        eb(eb.fn("lower", ["c.name"]), "like", `${word}%`),
        eb(eb.fn("lower", ["c.name"]), "like", `% ${word}%`),
      ]),
    );
  }
  const rows = await query.orderBy("u.id", "desc").limit(100).execute();
  return { items: rows.map((r) => presentTopUp(r, true)), nextCursor: null };
}
