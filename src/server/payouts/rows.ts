import type { Kysely } from "kysely";
import { formatMoney } from "../../common/money.ts";
import type {
  PayoutBatch,
  PayoutDetails,
  PayoutQueue,
  Withdrawal,
  WithdrawalPage,
} from "../../common/wire/payouts.ts";
import type { DB, PayoutBatchesTable, WithdrawalStatus } from "../db/types.ts";
import { notFound } from "../http/problem.ts";

/** A withdrawal with the person it is for (finance's reads show them). */
export function withdrawalQuery(db: Kysely<DB>) {
  return db
    .selectFrom("withdrawals as w")
    .innerJoin("users as u", "u.id", "w.user_id")
    .select([
      "w.id",
      "w.number",
      "w.user_id",
      "w.amount_minor",
      "w.currency",
      "w.status",
      "w.account_holder",
      "w.iban",
      "w.bic",
      "w.batch_id",
      "w.reason",
      "w.created_at",
      "w.settled_at",
      "u.name as user_name",
      "u.email as user_email",
    ]);
}

export type WithdrawalRow = Awaited<
  ReturnType<ReturnType<typeof withdrawalQuery>["executeTakeFirstOrThrow"]>
>;

export function presentWithdrawal(row: WithdrawalRow, withContractor = false): Withdrawal {
  return {
    id: row.id,
    number: row.number,
    amount: formatMoney({ minor: Number(row.amount_minor), currency: row.currency }),
    currency: row.currency,
    status: row.status,
    reason: row.reason,
    accountHolder: row.account_holder,
    iban: row.iban,
    bic: row.bic,
    createdAt: new Date(row.created_at).toISOString(),
    settledAt: row.settled_at === null ? null : new Date(row.settled_at).toISOString(),
    batchId: row.batch_id,
    ...(withContractor
      ? { contractor: { id: row.user_id, name: row.user_name, email: row.user_email } }
      : {}),
  };
}

/** One withdrawal of the person; anyone else's is not found. */
export async function findOwnWithdrawal(db: Kysely<DB>, userId: string, id: string): Promise<WithdrawalRow> {
  const row = await withdrawalQuery(db)
    .where("w.id", "=", id)
    .where("w.user_id", "=", userId)
    .executeTakeFirst();
  if (!row) throw notFound("Withdrawal");
  return row;
}

export async function findWithdrawal(db: Kysely<DB>, id: string): Promise<WithdrawalRow> {
  const row = await withdrawalQuery(db).where("w.id", "=", id).executeTakeFirst();
  if (!row) throw notFound("Withdrawal");
  return row;
}

/** The person's withdrawals, newest first, 50 a page. */
export async function listOwnWithdrawals(
  db: Kysely<DB>,
  userId: string,
  cursor?: string,
): Promise<WithdrawalPage> {
  let query = withdrawalQuery(db).where("w.user_id", "=", userId);
  if (cursor) query = query.where("w.id", "<", cursor);
  const rows = await query.orderBy("w.id", "desc").limit(51).execute();
  const page = rows.slice(0, 50);
  return {
    items: page.map((r) => presentWithdrawal(r)),
    nextCursor: rows.length > 50 ? (page.at(-1)?.id ?? null) : null,
  };
}

/** Finance's list: by status and currency, oldest first (the order they are paid in), 200 a page. */
export async function listFinanceWithdrawals(
  db: Kysely<DB>,
  filter: {
    status?: WithdrawalStatus | undefined;
    currency?: string | undefined;
    cursor?: string | undefined;
  },
): Promise<WithdrawalPage> {
  let query = withdrawalQuery(db);
  if (filter.status) query = query.where("w.status", "=", filter.status);
  if (filter.currency) query = query.where("w.currency", "=", filter.currency);
  if (filter.cursor) query = query.where("w.id", ">", filter.cursor);
  const rows = await query.orderBy("w.id", "asc").limit(201).execute();
  const page = rows.slice(0, 200);
  return {
    items: page.map((r) => presentWithdrawal(r, true)),
    nextCursor: rows.length > 200 ? (page.at(-1)?.id ?? null) : null,
  };
}

/** The requested withdrawals of each currency: what a new batch of that currency would hold. */
export async function payoutQueue(db: Kysely<DB>): Promise<PayoutQueue> {
  const rows = await db
    .selectFrom("withdrawals")
    .select([
      "currency",
      (eb) => eb.fn.countAll<number>().as("count"),
      (eb) => eb.fn.sum<number>("amount_minor").as("total"),
    ])
    .where("status", "=", "requested")
    .groupBy("currency")
    .orderBy("currency")
    .execute();
  return {
    items: rows.map((r) => ({
      currency: r.currency,
      count: Number(r.count),
      total: formatMoney({ minor: Number(r.total), currency: r.currency }),
    })),
  };
}

export async function payoutDetailsOf(db: Kysely<DB>, userId: string): Promise<PayoutDetails | null> {
  const row = await db
    .selectFrom("payout_details")
    .selectAll()
    .where("user_id", "=", userId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    accountHolder: row.account_holder,
    iban: row.iban,
    bic: row.bic,
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

export async function findBatchRow(db: Kysely<DB>, id: string): Promise<PayoutBatchesTable> {
  const row = await db.selectFrom("payout_batches").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row) throw notFound("Payout batch");
  return row;
}

/**
 * The batch's withdrawals in the order of the bank file, read 250 at a time with a turn of the event loop
 * between pages (on SQLite a read runs at once: 10,000 rows in one would hold the loop).
 */
const BATCH_READ_PAGE = 250;

export async function batchItems(db: Kysely<DB>, batchId: string): Promise<WithdrawalRow[]> {
  const rows: WithdrawalRow[] = [];
  for (;;) {
    let query = withdrawalQuery(db).where("w.batch_id", "=", batchId);
    const last = rows.at(-1);
    if (last) query = query.where("w.id", ">", last.id);
    const page = await query.orderBy("w.id", "asc").limit(BATCH_READ_PAGE).execute();
    rows.push(...page);
    if (page.length < BATCH_READ_PAGE) return rows;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

export function presentBatch(row: PayoutBatchesTable, items: WithdrawalRow[] = []): PayoutBatch {
  const iso = (value: string | null) => (value === null ? null : new Date(value).toISOString());
  return {
    id: row.id,
    number: row.number,
    currency: row.currency,
    status: row.status,
    items: items.map((r) => presentWithdrawal(r, true)),
    count: Number(row.item_count),
    total: formatMoney({ minor: Number(row.total_minor), currency: row.currency }),
    createdAt: new Date(row.created_at).toISOString(),
    sentAt: iso(row.sent_at),
    settledAt: iso(row.settled_at),
  };
}

export async function findBatch(db: Kysely<DB>, id: string): Promise<PayoutBatch> {
  const row = await findBatchRow(db, id);
  return presentBatch(row, await batchItems(db, id));
}

/** Finance's batches, newest first, 50 a page (without their items: one batch's read has them). */
export async function listBatches(
  db: Kysely<DB>,
  cursor?: string,
): Promise<{ items: PayoutBatch[]; nextCursor: string | null }> {
  let query = db.selectFrom("payout_batches").selectAll();
  if (cursor) query = query.where("id", "<", cursor);
  const rows = await query.orderBy("id", "desc").limit(51).execute();
  const page = rows.slice(0, 50);
  return {
    items: page.map((r) => presentBatch(r)),
    nextCursor: rows.length > 50 ? (page.at(-1)?.id ?? null) : null,
  };
}
