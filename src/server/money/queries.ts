import type { Kysely } from "kysely";
import { formatMoney } from "../../common/money.ts";
import type { CompanyBalance, ContractorBalance, Transfer, TransferPage } from "../../common/wire/money.ts";
import type { DB, LedgerTransfersTable } from "../db/types.ts";
import { badRequest } from "../http/problem.ts";

const money = (minor: number, currency: string) => formatMoney({ minor: Number(minor), currency });

/** The company's balances, one per currency it ever held, by currency code. */
export async function companyBalances(
  db: Kysely<DB>,
  companyId: string,
  currency?: string,
): Promise<CompanyBalance[]> {
  let query = db
    .selectFrom("ledger_accounts")
    .select(["currency", "purpose", "balance"])
    .where("owner_kind", "=", "company")
    .where("owner_id", "=", companyId);
  if (currency) query = query.where("currency", "=", currency);
  const rows = await query.execute();
  const by = new Map<string, { available: number; reserved: number }>();
  for (const r of rows) {
    const b = by.get(r.currency) ?? { available: 0, reserved: 0 };
    if (r.purpose === "available") b.available = Number(r.balance);
    if (r.purpose === "reserved") b.reserved = Number(r.balance);
    by.set(r.currency, b);
  }
  return [...by]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([cur, b]) => ({
      currency: cur,
      available: money(b.available, cur),
      reserved: money(b.reserved, cur),
    }));
}

/** A contractor's earnings, one per currency they were ever paid in. */
export async function contractorBalances(
  db: Kysely<DB>,
  userId: string,
  currency?: string,
): Promise<ContractorBalance[]> {
  let query = db
    .selectFrom("ledger_accounts")
    .select(["currency", "purpose", "balance"])
    .where("owner_kind", "=", "contractor")
    .where("owner_id", "=", userId);
  if (currency) query = query.where("currency", "=", currency);
  const rows = await query.execute();
  const by = new Map<string, { available: number; withdrawing: number }>();
  for (const r of rows) {
    const b = by.get(r.currency) ?? { available: 0, withdrawing: 0 };
    if (r.purpose === "available") b.available = Number(r.balance);
    if (r.purpose === "withdrawing") b.withdrawing = Number(r.balance);
    by.set(r.currency, b);
  }
  return [...by]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([cur, b]) => ({
      currency: cur,
      available: money(b.available, cur),
      withdrawing: money(b.withdrawing, cur),
    }));
}

/** The minor units available to the company in one currency (0 when it never held any). */
export async function availableMinor(db: Kysely<DB>, companyId: string, currency: string): Promise<number> {
  const row = await db
    .selectFrom("ledger_accounts")
    .select("balance")
    .where("owner_kind", "=", "company")
    .where("owner_id", "=", companyId)
    .where("purpose", "=", "available")
    .where("currency", "=", currency)
    .executeTakeFirst();
  return Number(row?.balance ?? 0);
}

type TransferRow = Pick<
  LedgerTransfersTable,
  | "id"
  | "at"
  | "kind"
  | "amount"
  | "currency"
  | "debit_account"
  | "credit_account"
  | "reference_type"
  | "reference_id"
  | "reference_label"
>;

/** A transfer as one side sees it: an entry for each of the viewer's accounts it touches. */
export function viewTransfer(row: TransferRow, ownPrefix: string): Transfer[] {
  const entries: Transfer[] = [];
  const sides: Array<["in" | "out", string]> = [
    ["out", row.debit_account],
    ["in", row.credit_account],
  ];
  for (const [direction, account] of sides) {
    if (!account.startsWith(ownPrefix)) continue;
    const purpose = account.slice(ownPrefix.length).split(":")[0];
    if (purpose !== "available" && purpose !== "reserved" && purpose !== "withdrawing") continue;
    entries.push({
      id: row.id,
      at: row.at,
      kind: row.kind,
      amount: money(row.amount, row.currency),
      currency: row.currency,
      account: purpose,
      direction,
      reference: { type: row.reference_type, id: row.reference_id, label: row.reference_label },
    });
  }
  return entries;
}

function decodeCursor(cursor: string): { at: string; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown[];
    if (typeof at === "string" && typeof id === "string") return { at, id };
  } catch {
    // answered below
  }
  throw badRequest("This cursor is not one the list gave.", [
    { field: "cursor", message: "Invalid cursor." },
  ]);
}

export interface TransferFilter {
  currency?: string | undefined;
  kind?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  cursor?: string | undefined;
  limit?: number | undefined;
}

/** One side's transfers, newest first, a page at a time (limit counts transfers). */
export async function listTransfers(
  db: Kysely<DB>,
  side: { companyId: string } | { userId: string },
  filter: TransferFilter,
): Promise<TransferPage> {
  const limit = Math.min(Math.max(filter.limit ?? 50, 1), 1000);
  let query = db
    .selectFrom("ledger_transfers")
    .select([
      "id",
      "at",
      "kind",
      "amount",
      "currency",
      "debit_account",
      "credit_account",
      "reference_type",
      "reference_id",
      "reference_label",
    ]);
  query =
    "companyId" in side
      ? query.where("company_id", "=", side.companyId)
      : query.where("contractor_user_id", "=", side.userId);
  if (filter.currency) query = query.where("currency", "=", filter.currency);
  if (filter.kind)
    query = query.where("kind", "=", filter.kind as Transfer["kind"] & LedgerTransfersTable["kind"]);
  if (filter.from) query = query.where("at", ">=", filter.from);
  if (filter.to) query = query.where("at", "<", filter.to);
  if (filter.cursor) {
    const after = decodeCursor(filter.cursor);
    query = query.where((eb) =>
      eb.or([eb("at", "<", after.at), eb.and([eb("at", "=", after.at), eb("id", "<", after.id)])]),
    );
  }
  const rows = await query
    .orderBy("at", "desc")
    .orderBy("id", "desc")
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const prefix = "companyId" in side ? `company:${side.companyId}:` : `contractor:${side.userId}:`;
  const last = page.at(-1);
  return {
    items: page.flatMap((row) => viewTransfer(row, prefix)),
    nextCursor:
      rows.length > limit && last
        ? Buffer.from(JSON.stringify([last.at, last.id])).toString("base64url")
        : null,
  };
}

export interface MonthlyAmount {
  /** `2026-12` */
  month: string;
  currency: string;
  /** Minor units. */
  amount: number;
}

async function perMonth(
  db: Kysely<DB>,
  column: "company_id" | "contractor_user_id",
  owner: string,
  kinds: Array<LedgerTransfersTable["kind"]>,
): Promise<MonthlyAmount[]> {
  const rows = await db
    .selectFrom("ledger_transfers")
    .select(["at", "currency", "amount"])
    .where(column, "=", owner)
    .where("kind", "in", kinds)
    .execute();
  const sums = new Map<string, MonthlyAmount>();
  for (const r of rows) {
    const month = new Date(r.at).toISOString().slice(0, 7);
    const key = `${month} ${r.currency}`;
    const entry = sums.get(key) ?? { month, currency: r.currency, amount: 0 };
    entry.amount += Number(r.amount);
    sums.set(key, entry);
  }
  return [...sums.values()].sort(
    (a, b) => a.month.localeCompare(b.month) || a.currency.localeCompare(b.currency),
  );
}

/** What the company paid per month and currency: its contractors' payments and the fees. */
export function spendPerMonth(db: Kysely<DB>, companyId: string): Promise<MonthlyAmount[]> {
  return perMonth(db, "company_id", companyId, ["payment", "fee"]);
}

/** What a contractor earned per month and currency. */
export function earningsPerMonth(db: Kysely<DB>, userId: string): Promise<MonthlyAmount[]> {
  return perMonth(db, "contractor_user_id", userId, ["payment"]);
}
