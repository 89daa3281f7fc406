import { describe, expect, it } from "vitest";
import type { Database } from "../../src/server/db/connection.ts";
import type { AppContext } from "../../src/server/kernel/context.ts";
import { checkLedger } from "../../src/server/money/check-ledger.ts";
import { buildCompany, buildContractor, buildSession } from "../support/factories.ts";
import {
  FAULT_DIALECTS,
  requestAll,
  requestUntilKilled,
  timedRequest,
  transfersByReference,
  useFaultDatabase,
} from "../support/faults.ts";
import { balanceOf, fundCompany } from "../support/money.ts";
import { seedReservedTasks } from "../support/seeds.ts";

const TASKS = 300;
const CONNECTIONS = 20;
const AMOUNT_MINOR = 10_000; // 100.00 USD a task
const FEE_MINOR = 250; // 2.5 %
// On PostgreSQL a database connection for each of the test's: acceptances of one company wait for each other
// on the ledger's rows, and one waiting over 3 s for a pooled connection would be answered 503 (what
// postgres-outage.test.ts checks), not the kill this test is about.
const PAYMENTS_ENV = {
  PAYMENTS: "prepaid",
  PLATFORM_FEE_PERCENT: "2.5",
  DATABASE_POOL_SIZE: String(CONNECTIONS),
};

/** A company with the money for TASKS tasks, and TASKS tasks In review, as bench/task-payments.mjs seeds them. */
async function seed(context: AppContext): Promise<{ companyId: string; token: string; ids: string[] }> {
  const { db } = context.database;
  const company = await buildCompany(db);
  const contractor = await buildContractor(db, { companyId: company.id, status: "active", accepted: true });
  await fundCompany({ context }, company, ((TASKS * (AMOUNT_MINOR + FEE_MINOR)) / 100).toFixed(2));
  const ids = await seedReservedTasks(context, {
    company,
    contractorId: contractor.id,
    count: TASKS,
    amountMinor: AMOUNT_MINOR,
  });
  const session = await buildSession(db, company.owner);
  return { companyId: company.id, token: session.token, ids };
}

interface TaskState {
  id: string;
  status: string;
  payment: string;
  paymentLegs: number;
  feeLegs: number;
}

/** Each task with its payment's status and how many payment and fee transfers reference it. */
async function taskStates(database: Database, companyId: string): Promise<TaskState[]> {
  const { db } = database;
  const tasks = await db
    .selectFrom("tasks as t")
    .innerJoin("task_payments as p", "p.task_id", "t.id")
    .select(["t.id", "t.status", "p.status as payment"])
    .where("t.company_id", "=", companyId)
    .orderBy("t.id")
    .execute();
  const count = await transfersByReference(database, ["payment", "fee"]);
  return tasks.map((t) => ({
    id: t.id,
    status: t.status,
    payment: t.payment,
    paymentLegs: count(t.id, "payment"),
    feeLegs: count(t.id, "fee"),
  }));
}

const PAID_ONCE = { status: "completed", payment: "paid", paymentLegs: 1, feeLegs: 1 };
const STILL_IN_REVIEW = { status: "in_review", payment: "reserved", paymentLegs: 0, feeLegs: 0 };

describe.each(FAULT_DIALECTS)(
  "the app killed with SIGKILL in the middle of task payments (%s)",
  (dialect) => {
    const run = useFaultDatabase(dialect);

    it("after a restart the ledger is clean, each task paid once or still In review, and the rest pay once", async () => {
      // Seeded in this process through money's own use cases, before the app process starts.
      const context = await run.context(PAYMENTS_ENV);
      const { database } = context;
      const { companyId, token, ids } = await seed(context);
      const first = await run.start(PAYMENTS_ENV);
      const accept = (base: string, id: string) =>
        timedRequest(`${base}/api/companies/${companyId}/tasks/${id}/accept`, {
          method: "POST",
          token,
          body: {},
        });

      // Acceptances over CONNECTIONS connections; the process is killed once a third of them have answered.
      const answered = await requestUntilKilled(first, ids, {
        connections: CONNECTIONS,
        killAfter: TASKS / 3,
        request: (id) => accept(first.base, id),
      });

      expect(await checkLedger(database.db)).toEqual([]);
      const afterKill = await taskStates(database, companyId);
      expect(afterKill).toHaveLength(TASKS);
      const paid = afterKill.filter((t) => t.status === "completed");
      const waiting = afterKill.filter((t) => t.status !== "completed");
      for (const t of paid) expect(t).toEqual({ id: t.id, ...PAID_ONCE });
      for (const t of waiting) expect(t).toEqual({ id: t.id, ...STILL_IN_REVIEW });
      // Killed mid-way: some paid, some not.
      expect(paid.length).toBeGreaterThan(0);
      expect(waiting.length).toBeGreaterThan(0);
      // Every acceptance the app answered 200 to is paid: no payment told done is lost.
      const answeredOk = [...answered].filter(([, status]) => status === 200).map(([id]) => id);
      expect([...answered.values()].filter((s) => s !== 200)).toEqual([]);
      expect(answeredOk.filter((id) => !paid.some((t) => t.id === id))).toEqual([]);
      // What is still In review still holds its reservation.
      expect(await balanceOf({ context }, companyId)).toEqual({
        available: 0,
        reserved: waiting.length * (AMOUNT_MINOR + FEE_MINOR),
      });

      const second = await run.start(PAYMENTS_ENV);
      const rest = await requestAll(
        waiting.map((t) => t.id),
        CONNECTIONS,
        (id) => accept(second.base, id),
      );
      expect(rest.map((a) => a.status).filter((s) => s !== 200)).toEqual([]);
      // The ones paid before the kill are not paid again: accepting one is refused.
      const again = await accept(second.base, (paid[0] as TaskState).id);
      expect(again.status).toBe(409);

      expect(await checkLedger(database.db)).toEqual([]);
      const final = await taskStates(database, companyId);
      expect(final.filter((t) => t.status !== "completed" || t.payment !== "paid")).toEqual([]);
      expect(final.filter((t) => t.paymentLegs !== 1 || t.feeLegs !== 1)).toEqual([]);
      expect(await balanceOf({ context }, companyId)).toEqual({ available: 0, reserved: 0 });
    });
  },
);
