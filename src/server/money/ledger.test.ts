import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { buildCompany, buildUser } from "../../../test/support/factories.ts";
import { setUpTestApp } from "../../../test/support/test-app.ts";
import { newId } from "../db/ids.ts";
import { transact } from "../kernel/transaction.ts";
import { bankAccount, companyAccount, contractorAccount, feesAccount } from "./accounts.ts";
import { checkLedger } from "./check-ledger.ts";
import { feeFor } from "./fee.ts";
import { InsufficientFunds, InvalidTransfer, postTransfers, type TransferLeg } from "./ledger.ts";

const t = setUpTestApp({ PAYMENTS: "prepaid" });
const ref = { type: "top_up" as const, id: "r1", label: "Top-up" };

async function balance(id: string): Promise<number> {
  const row = await t.context.database.db
    .selectFrom("ledger_accounts")
    .select("balance")
    .where("id", "=", id)
    .executeTakeFirst();
  return Number(row?.balance ?? 0);
}

function topUp(companyId: string, amount: number, id = newId()): TransferLeg {
  return {
    id,
    kind: "top_up",
    amount,
    debit: bankAccount("EUR"),
    credit: companyAccount(companyId, "available", "EUR"),
    reference: { ...ref, id },
  };
}

describe("the ledger", () => {
  it("moves money from one account to another and keeps the books at zero per currency", async () => {
    const { id } = await buildCompany(t.context.database.db);
    await transact(t.context, (tx) => postTransfers(tx, [topUp(id, 10_000)]));
    expect(await balance(`company:${id}:available:EUR`)).toBe(10_000);
    expect(await checkLedger(t.context.database.db)).toEqual([]);
  });

  it("posts the same transfer id once: a retry is a no-op that answers false", async () => {
    const { id } = await buildCompany(t.context.database.db);
    const leg = topUp(id, 500);
    expect(await transact(t.context, (tx) => postTransfers(tx, [leg]))).toBe(true);
    expect(await transact(t.context, (tx) => postTransfers(tx, [leg]))).toBe(false);
    expect(await balance(`company:${id}:available:EUR`)).toBe(500);
  });

  it("posts many transfers at once, each id once: those posted before are skipped, the rest move once", async () => {
    const { id } = await buildCompany(t.context.database.db);
    const first = topUp(id, 500);
    expect(await transact(t.context, (tx) => postTransfers(tx, [first]))).toBe(true);
    const more = [first, topUp(id, 700), topUp(id, 800)];
    expect(await transact(t.context, (tx) => postTransfers(tx, more))).toBe(true);
    expect(await balance(`company:${id}:available:EUR`)).toBe(2_000);
    expect(await transact(t.context, (tx) => postTransfers(tx, more))).toBe(false);
    expect(await balance(`company:${id}:available:EUR`)).toBe(2_000);
    expect(await checkLedger(t.context.database.db)).toEqual([]);
  });

  it("refuses to take an account below zero and writes nothing of the refused transfer", async () => {
    const { id } = await buildCompany(t.context.database.db);
    await transact(t.context, (tx) => postTransfers(tx, [topUp(id, 100)]));
    const reserve: TransferLeg = {
      id: newId(),
      kind: "reserve",
      amount: 101,
      debit: companyAccount(id, "available", "EUR"),
      credit: companyAccount(id, "reserved", "EUR"),
      reference: ref,
    };
    const error = await transact(t.context, (tx) => postTransfers(tx, [reserve])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InsufficientFunds);
    expect((error as InsufficientFunds).shortfall).toBe(1);
    expect(await balance(`company:${id}:available:EUR`)).toBe(100);
    const written = await t.context.database.db
      .selectFrom("ledger_transfers")
      .select("id")
      .where("id", "=", reserve.id)
      .execute();
    expect(written).toEqual([]);
  });

  it("posts several legs all or none: a leg that cannot be covered undoes the ones before it", async () => {
    const { id } = await buildCompany(t.context.database.db);
    const contractor = await buildUser(t.context.database.db);
    await transact(t.context, (tx) => postTransfers(tx, [topUp(id, 1000)]));
    const legs: TransferLeg[] = [
      {
        id: newId(),
        kind: "payment",
        amount: 900,
        debit: companyAccount(id, "available", "EUR"),
        credit: contractorAccount(contractor.id, "available", "EUR"),
        reference: ref,
      },
      {
        id: newId(),
        kind: "fee",
        amount: 200,
        debit: companyAccount(id, "available", "EUR"),
        credit: feesAccount("EUR"),
        reference: ref,
      },
    ];
    await expect(transact(t.context, (tx) => postTransfers(tx, legs))).rejects.toBeInstanceOf(
      InsufficientFunds,
    );
    expect(await balance(`company:${id}:available:EUR`)).toBe(1000);
    expect(await balance(`contractor:${contractor.id}:available:EUR`)).toBe(0);
    expect(await checkLedger(t.context.database.db)).toEqual([]);
  });

  it("takes whole positive minor units only, between two accounts of one currency", async () => {
    const { id } = await buildCompany(t.context.database.db);
    for (const amount of [0, -5, 1.5, Number.MAX_SAFE_INTEGER + 2]) {
      await expect(
        transact(t.context, (tx) => postTransfers(tx, [topUp(id, amount)])),
      ).rejects.toBeInstanceOf(InvalidTransfer);
    }
    const mixed: TransferLeg = { ...topUp(id, 5), credit: companyAccount(id, "available", "USD") };
    await expect(transact(t.context, (tx) => postTransfers(tx, [mixed]))).rejects.toBeInstanceOf(
      InvalidTransfer,
    );
  });

  it("has transfers the database itself refuses to change or delete", async () => {
    const { id } = await buildCompany(t.context.database.db);
    const leg = topUp(id, 700);
    await transact(t.context, (tx) => postTransfers(tx, [leg]));
    const db = t.context.database.db;
    await expect(
      sql`update ledger_transfers set amount = 1 where id = ${leg.id}`.execute(db),
    ).rejects.toThrow(/immutable/);
    await expect(sql`delete from ledger_transfers where id = ${leg.id}`.execute(db)).rejects.toThrow(
      /immutable/,
    );
    const row = await db
      .selectFrom("ledger_transfers")
      .select("amount")
      .where("id", "=", leg.id)
      .executeTakeFirst();
    expect(Number(row?.amount)).toBe(700);
  });

  it("has balances the database itself keeps at zero or above, but the bank's", async () => {
    const { id } = await buildCompany(t.context.database.db);
    await transact(t.context, (tx) => postTransfers(tx, [topUp(id, 50)]));
    await expect(
      sql`update ledger_accounts set balance = -1 where id = ${`company:${id}:available:EUR`}`.execute(
        t.context.database.db,
      ),
    ).rejects.toThrow();
    expect(await balance("bank:EUR")).toBeLessThan(0);
  });

  it("finds a breach: ledger-check reports an account whose balance is not the sum of its transfers", async () => {
    const db = t.context.database.db;
    const { id } = await buildCompany(db);
    await transact(t.context, (tx) => postTransfers(tx, [topUp(id, 300)]));
    const account = `company:${id}:available:EUR`;
    await sql`update ledger_accounts set balance = balance + 1 where id = ${account}`.execute(db);
    const breaches = await checkLedger(db);
    expect(breaches.join("\n")).toContain(`${account} holds 301 but its transfers add up to 300`);
    expect(breaches.join("\n")).toContain("EUR: the balances add up to 1, not 0");
    await sql`update ledger_accounts set balance = balance - 1 where id = ${account}`.execute(db);
    expect(await checkLedger(db)).toEqual([]);
  });
});

describe("the platform fee", () => {
  it("rounds half up to the minor unit", () => {
    expect(feeFor(1000, 250)).toBe(25);
    expect(feeFor(1, 5000)).toBe(1);
    expect(feeFor(1, 4999)).toBe(0);
    expect(feeFor(99_999_999_999_999, 10_000)).toBe(99_999_999_999_999);
    expect(feeFor(12345, 0)).toBe(0);
  });
});
