import { describe, expect, it } from "vitest";
import type { Database } from "../../src/server/db/connection.ts";
import type { AppContext } from "../../src/server/kernel/context.ts";
import { transact } from "../../src/server/kernel/transaction.ts";
import { checkLedger } from "../../src/server/money/check-ledger.ts";
import { buildPayoutBatch } from "../../src/server/payouts/build-payout-batch.ts";
import { markBatchSent } from "../../src/server/payouts/mark-batch-sent.ts";
import { buildCompany, buildSession, buildUser } from "../support/factories.ts";
import {
  FAULT_DIALECTS,
  requestAll,
  requestUntilKilled,
  timedRequest,
  transfersByReference,
  useFaultDatabase,
} from "../support/faults.ts";
import { seedWithdrawals } from "../support/seeds.ts";

const WITHDRAWALS = 300;
const CONNECTIONS = 20;
const EARNED_MINOR = 10_000; // 100.00 EUR earned by each contractor, all of it withdrawn
// See kill-payments.test.ts: no marking waits for a pooled connection on PostgreSQL.
const PAYOUTS_ENV = { PAYMENTS: "prepaid", DATABASE_POOL_SIZE: String(CONNECTIONS) };
const REASON = "Account closed";

/** The bank's answer for withdrawal i of the batch: every tenth failed, the others paid. */
const outcomeOf = (i: number): "paid" | "failed" => (i % 10 === 9 ? "failed" : "paid");

/**
 * WITHDRAWALS contractors each asking for a withdrawal (as bench/payout-batch.mjs seeds them), gathered by
 * finance into one EUR batch that is marked sent to the bank: every item can now be marked paid or failed.
 */
async function seed(context: AppContext) {
  const { db } = context.database;
  const company = await buildCompany(db);
  const { userIds, withdrawalIds } = await seedWithdrawals(context, {
    company,
    count: WITHDRAWALS,
    earnedMinor: EARNED_MINOR,
  });
  const finance = await buildUser(db, { platformRole: "finance" });
  const batch = await transact(context, (tx) =>
    buildPayoutBatch(tx, { userId: finance.id }, { currency: "EUR" }),
  );
  expect(batch.count).toBe(WITHDRAWALS);
  await transact(context, (tx) => markBatchSent(tx, { userId: finance.id }, batch.id));
  const session = await buildSession(db, finance);
  const outcomes = new Map(withdrawalIds.map((id, i) => [id, outcomeOf(i)]));
  return { batchId: batch.id, token: session.token, userIds, withdrawalIds, outcomes };
}

interface WithdrawalState {
  id: string;
  status: string;
  payoutLegs: number;
  returnLegs: number;
}

/** Each withdrawal with its status and how many payout and returning transfers reference it. */
async function withdrawalStates(database: Database, ids: readonly string[]): Promise<WithdrawalState[]> {
  const { db } = database;
  const rows = await db.selectFrom("withdrawals").select(["id", "status"]).orderBy("id").execute();
  const count = await transfersByReference(database, ["payout", "payout_failed"]);
  return rows
    .filter((r) => ids.includes(r.id))
    .map((r) => ({
      id: r.id,
      status: r.status,
      payoutLegs: count(r.id, "payout"),
      returnLegs: count(r.id, "payout_failed"),
    }));
}

/** The contractors' EUR balances added up: what they may spend, and what is on its way to their banks. */
async function contractorMoney(database: Database): Promise<{ available: number; withdrawing: number }> {
  const rows = await database.db
    .selectFrom("ledger_accounts")
    .select(["purpose", "balance"])
    .where("owner_kind", "=", "contractor")
    .where("currency", "=", "EUR")
    .execute();
  const sum = (purpose: string) =>
    rows.filter((r) => r.purpose === purpose).reduce((total, r) => total + Number(r.balance), 0);
  return { available: sum("available"), withdrawing: sum("withdrawing") };
}

const SETTLED = {
  paid: { status: "paid", payoutLegs: 1, returnLegs: 0 },
  failed: { status: "failed", payoutLegs: 0, returnLegs: 1 },
};
const STILL_IN_BATCH = { status: "in_batch", payoutLegs: 0, returnLegs: 0 };

describe.each(FAULT_DIALECTS)(
  "the app killed with SIGKILL while finance marks a batch's payouts (%s)",
  (dialect) => {
    const run = useFaultDatabase(dialect);

    it("after a restart the ledger is clean, each payout marked once or not at all, and the rest mark once", async () => {
      const context = await run.context(PAYOUTS_ENV);
      const { database } = context;
      const { batchId, token, withdrawalIds, outcomes } = await seed(context);
      const mark = (base: string, id: string, outcome = outcomes.get(id)) =>
        timedRequest(`${base}/api/finance/withdrawals/${id}/${outcome}`, {
          method: "POST",
          token,
          body: outcome === "failed" ? { reason: REASON } : {},
        });

      const first = await run.start(PAYOUTS_ENV);
      // Markings over CONNECTIONS connections, as a finance tool working through the bank's statement; the
      // process is killed once a third of them have answered.
      const answered = await requestUntilKilled(first, withdrawalIds, {
        connections: CONNECTIONS,
        killAfter: WITHDRAWALS / 3,
        request: (id) => mark(first.base, id),
      });

      expect(await checkLedger(database.db)).toEqual([]);
      const afterKill = await withdrawalStates(database, withdrawalIds);
      expect(afterKill).toHaveLength(WITHDRAWALS);
      const settled = afterKill.filter((w) => w.status !== "in_batch");
      const waiting = afterKill.filter((w) => w.status === "in_batch");
      // Each one marked as the bank said with its money moved once, or not marked with none moved.
      for (const w of settled) expect(w).toEqual({ id: w.id, ...SETTLED[outcomes.get(w.id) ?? "paid"] });
      for (const w of waiting) expect(w).toEqual({ id: w.id, ...STILL_IN_BATCH });
      // Killed mid-way: some marked, some not.
      expect(settled.length).toBeGreaterThan(0);
      expect(waiting.length).toBeGreaterThan(0);
      // Every marking the app answered 200 to holds: none told done is lost.
      expect([...answered.values()].filter((s) => s !== 200)).toEqual([]);
      expect([...answered.keys()].filter((id) => !settled.some((w) => w.id === id))).toEqual([]);
      // What is not marked is still on its way to the bank; what failed is back with its contractor.
      const failedBeforeRestart = settled.filter((w) => w.status === "failed").length;
      expect(await contractorMoney(database)).toEqual({
        available: failedBeforeRestart * EARNED_MINOR,
        withdrawing: waiting.length * EARNED_MINOR,
      });

      const second = await run.start(PAYOUTS_ENV);
      const rest = await requestAll(
        waiting.map((w) => w.id),
        CONNECTIONS,
        (id) => mark(second.base, id),
      );
      expect(rest.map((a) => a.status).filter((s) => s !== 200)).toEqual([]);
      // A payout marked before the kill is not paid again: marking it paid again changes nothing, and it
      // cannot be turned into a failure (which would give the money back a second time).
      const paidBefore = settled.find((w) => w.status === "paid") as WithdrawalState;
      expect((await mark(second.base, paidBefore.id, "paid")).status).toBe(200);
      expect((await mark(second.base, paidBefore.id, "failed")).status).toBe(409);

      expect(await checkLedger(database.db)).toEqual([]);
      const final = await withdrawalStates(database, withdrawalIds);
      for (const w of final) expect(w).toEqual({ id: w.id, ...SETTLED[outcomes.get(w.id) ?? "paid"] });
      const failed = [...outcomes.values()].filter((o) => o === "failed").length;
      expect(await contractorMoney(database)).toEqual({ available: failed * EARNED_MINOR, withdrawing: 0 });
      const batch = await database.db
        .selectFrom("payout_batches")
        .select("status")
        .where("id", "=", batchId)
        .executeTakeFirstOrThrow();
      expect(batch.status).toBe("settled");
    });
  },
);
