import type { Kysely } from "kysely";
import { monthRange } from "../../common/documents.ts";
import type { DB, DocumentSide, TransferKind } from "../db/types.ts";

/** Whose statement: a company or a contractor (their user id). */
export interface StatementSide {
  side: DocumentSide;
  id: string;
}

export type StatementAccount = "available" | "reserved" | "withdrawing";

export interface StatementEntry {
  id: string;
  at: string;
  kind: TransferKind;
  label: string;
  account: StatementAccount;
  direction: "in" | "out";
  /** Minor units. */
  amount: number;
}

/** One currency of a statement: each account's opening and closing balance, and every move between them. */
export interface StatementCurrency {
  currency: string;
  accounts: Array<{ account: StatementAccount; opening: number; in: number; out: number; closing: number }>;
  entries: StatementEntry[];
}

const PURPOSES: Record<DocumentSide, StatementAccount[]> = {
  company: ["available", "reserved"],
  contractor: ["available", "withdrawing"],
};

/**
 * A month of one side's ledger, per currency: the balance of each of its accounts when the month opened (every
 * transfer before it), every transfer of the month (a move between its own two accounts is two entries), and
 * the balance it closed with. The accounts listed are the ones that existed before the month ended.
 */
export async function statementOf(
  db: Kysely<DB>,
  who: StatementSide,
  period: string,
): Promise<StatementCurrency[]> {
  const { start, end } = monthRange(period);
  const column = who.side === "company" ? "company_id" : "contractor_user_id";
  const prefix = `${who.side}:${who.id}:`;
  const accounts = await db
    .selectFrom("ledger_accounts")
    .select(["id", "currency", "purpose"])
    .where("owner_kind", "=", who.side)
    .where("owner_id", "=", who.id)
    .where("created_at", "<", end)
    .execute();
  const opening = new Map<string, number>();
  for (const side of ["debit_account", "credit_account"] as const) {
    const sums = await db
      .selectFrom("ledger_transfers")
      .select([side, (eb) => eb.fn.sum<number | string>("amount").as("total")])
      .where(column, "=", who.id)
      .where("at", "<", start)
      .groupBy(side)
      .execute();
    for (const row of sums) {
      const account = row[side];
      if (!account.startsWith(prefix)) continue;
      const signed = (side === "credit_account" ? 1 : -1) * Number(row.total);
      opening.set(account, (opening.get(account) ?? 0) + signed);
    }
  }
  const rows = await db
    .selectFrom("ledger_transfers")
    .select(["id", "at", "kind", "amount", "currency", "debit_account", "credit_account", "reference_label"])
    .where(column, "=", who.id)
    .where("at", ">=", start)
    .where("at", "<", end)
    .orderBy("at")
    .orderBy("id")
    .execute();

  const byCurrency = new Map<string, StatementCurrency>();
  const currencyOf = (currency: string) => {
    let c = byCurrency.get(currency);
    if (!c) {
      c = { currency, accounts: [], entries: [] };
      byCurrency.set(currency, c);
    }
    return c;
  };
  const purposes = PURPOSES[who.side];
  for (const a of accounts) {
    const purpose = a.purpose as StatementAccount;
    if (!purposes.includes(purpose)) continue;
    const balance = opening.get(a.id) ?? 0;
    currencyOf(a.currency).accounts.push({
      account: purpose,
      opening: balance,
      in: 0,
      out: 0,
      closing: balance,
    });
  }
  for (const row of rows) {
    const legs: Array<["in" | "out", string]> = [
      ["out", row.debit_account],
      ["in", row.credit_account],
    ];
    for (const [direction, accountId] of legs) {
      if (!accountId.startsWith(prefix)) continue;
      const purpose = accountId.slice(prefix.length).split(":")[0] as StatementAccount;
      const c = currencyOf(row.currency);
      let account = c.accounts.find((x) => x.account === purpose);
      if (!account) {
        account = { account: purpose, opening: 0, in: 0, out: 0, closing: 0 };
        c.accounts.push(account);
      }
      const amount = Number(row.amount);
      if (direction === "in") account.in += amount;
      else account.out += amount;
      account.closing += direction === "in" ? amount : -amount;
      c.entries.push({
        id: row.id,
        at: row.at,
        kind: row.kind,
        label: row.reference_label,
        account: purpose,
        direction,
        amount,
      });
    }
  }
  const order = (a: StatementAccount) => purposes.indexOf(a);
  return [...byCurrency.values()]
    .map((c) => ({ ...c, accounts: c.accounts.sort((a, b) => order(a.account) - order(b.account)) }))
    .sort((a, b) => a.currency.localeCompare(b.currency));
}
