import { sql } from "kysely";
import { chunks } from "../db/chunks.ts";
import type { TransferKind, TransferReferenceType } from "../db/types.ts";
import type { Tx } from "../kernel/tx.ts";
import { type AccountRef, accountId } from "./accounts.ts";

/** One leg: a positive amount of one currency from `debit` to `credit`. */
export interface TransferLeg {
  /** Chosen by the caller before the first attempt and reused on a retry: the same id posts once. */
  id: string;
  kind: TransferKind;
  amount: number;
  debit: AccountRef;
  credit: AccountRef;
  reference: { type: TransferReferenceType; id: string; label: string };
}

/** An account that would go below zero; nothing of the transfer was written. */
export class InsufficientFunds extends Error {
  constructor(
    readonly accountId: string,
    readonly currency: string,
    readonly available: number,
    readonly needed: number,
  ) {
    super(`${accountId} holds ${available}, ${needed} needed`);
  }

  get shortfall(): number {
    return this.needed - this.available;
  }
}

/** A leg the ledger can never accept (a programming error, not a user's). */
export class InvalidTransfer extends Error {}

function check(legs: readonly TransferLeg[]): void {
  const ids = new Set<string>();
  for (const leg of legs) {
    if (!Number.isSafeInteger(leg.amount) || leg.amount <= 0)
      throw new InvalidTransfer(
        `transfer ${leg.id}: the amount must be a positive whole number of minor units`,
      );
    if (leg.debit.currency !== leg.credit.currency)
      throw new InvalidTransfer(`transfer ${leg.id}: both accounts must be in one currency`);
    if (accountId(leg.debit) === accountId(leg.credit))
      throw new InvalidTransfer(`transfer ${leg.id}: the two accounts must differ`);
    if (ids.has(leg.id)) throw new InvalidTransfer(`transfer ${leg.id} appears twice`);
    ids.add(leg.id);
  }
}

const ownerOf = (legs: AccountRef[], kind: "company" | "contractor") =>
  legs.find((a) => a.ownerKind === kind)?.ownerId ?? null;

let savepoints = 0;

/**
 * Posts several legs as one: all of them or none, inside the caller's transaction; many transfers at once
 * (a batch of acceptances) take one INSERT and one UPDATE per account with the summed delta. A leg whose id
 * was posted before is a retry and is not posted again; when every leg was, the answer is `false`. Balances move in the order
 * of their account ids, each debit only while it leaves the account at zero or above (a conditional UPDATE,
 * which PostgreSQL re-checks after waiting for another transaction's lock of the same row): of two posts
 * against the same last 100 EUR one wins, the other gets `InsufficientFunds`. On SQLite the single writer
 * does the same. A refused post leaves nothing behind (a savepoint), so the caller's transaction may go on.
 */
export async function postTransfers(tx: Tx, legs: readonly TransferLeg[]): Promise<boolean> {
  if (legs.length === 0) return false;
  check(legs);
  const savepoint = sql.raw(`ledger_post_${++savepoints % 1_000_000}`);
  await sql`savepoint ${savepoint}`.execute(tx.db);
  try {
    const posted = await post(tx, legs);
    await sql`release savepoint ${savepoint}`.execute(tx.db);
    return posted;
  } catch (error) {
    await sql`rollback to savepoint ${savepoint}`.execute(tx.db);
    await sql`release savepoint ${savepoint}`.execute(tx.db);
    throw error;
  }
}

async function post(tx: Tx, legs: readonly TransferLeg[]): Promise<boolean> {
  const at = tx.now.toISOString();
  const accounts = new Map<string, AccountRef>();
  for (const leg of legs) {
    accounts.set(accountId(leg.debit), leg.debit);
    accounts.set(accountId(leg.credit), leg.credit);
  }
  const accountRows = [...accounts].map(([id, a]) => ({
    id,
    currency: a.currency,
    owner_kind: a.ownerKind,
    owner_id: a.ownerId,
    purpose: a.purpose,
    created_at: at,
  }));
  for (const part of chunks(accountRows)) {
    await tx.db
      .insertInto("ledger_accounts")
      .values(part)
      .onConflict((oc) => oc.column("id").doNothing())
      .execute();
  }

  // The ids first: a retry (even one racing the first attempt) finds them taken and posts nothing again.
  const posted = new Set<string>();
  for (const part of chunks(legs)) {
    const inserted = await tx.db
      .insertInto("ledger_transfers")
      .values(
        part.map((leg) => ({
          id: leg.id,
          at,
          kind: leg.kind,
          amount: leg.amount,
          currency: leg.debit.currency,
          debit_account: accountId(leg.debit),
          credit_account: accountId(leg.credit),
          company_id: ownerOf([leg.debit, leg.credit], "company"),
          contractor_user_id: ownerOf([leg.debit, leg.credit], "contractor"),
          reference_type: leg.reference.type,
          reference_id: leg.reference.id,
          reference_label: leg.reference.label,
        })),
      )
      .onConflict((oc) => oc.column("id").doNothing())
      .returning("id")
      .execute();
    for (const row of inserted) posted.add(row.id);
  }
  if (posted.size === 0) return false;

  // One UPDATE per account with the sum of the legs just posted, whatever their number.
  const deltas = new Map<string, number>();
  for (const leg of legs) {
    if (!posted.has(leg.id)) continue;
    const debit = accountId(leg.debit);
    const credit = accountId(leg.credit);
    deltas.set(debit, (deltas.get(debit) ?? 0) - leg.amount);
    deltas.set(credit, (deltas.get(credit) ?? 0) + leg.amount);
  }
  for (const id of [...deltas.keys()].sort()) {
    const delta = deltas.get(id) ?? 0;
    const account = accounts.get(id) as AccountRef;
    if (delta === 0) continue;
    let update = tx.db
      .updateTable("ledger_accounts")
      .set({ balance: sql<number>`balance + ${delta}` })
      .where("id", "=", id);
    if (delta < 0 && account.ownerKind !== "bank") update = update.where("balance", ">=", -delta);
    const result = await update.executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) {
      const row = await tx.db
        .selectFrom("ledger_accounts")
        .select("balance")
        .where("id", "=", id)
        .executeTakeFirstOrThrow();
      throw new InsufficientFunds(id, account.currency, Number(row.balance), -delta);
    }
  }
  return true;
}
