/**
 * Large data sets for the benches (bench/) and the fault suite (test/faults/), written fast where the rows
 * are plain and through the app's own use cases where the money is: the ledger is never written around.
 */
import { searchTextOf } from "../../src/common/search.ts";
import { chunks } from "../../src/server/db/chunks.ts";
import { newId } from "../../src/server/db/ids.ts";
import type { AppContext } from "../../src/server/kernel/context.ts";
import { transact } from "../../src/server/kernel/transaction.ts";
import { companyAccount, contractorAccount } from "../../src/server/money/accounts.ts";
import { postTransfers } from "../../src/server/money/ledger.ts";
import { reserveForTasks } from "../../src/server/money/task-payments.ts";
import { requestWithdrawal } from "../../src/server/payouts/request-withdrawal.ts";
import { fundCompany } from "./money.ts";

export interface TaskSeed {
  company: { id: string; owner: { id: string } };
  contractorId: string;
  count: number;
  /** The tasks' status as inserted: `in_review` (sent, accepted, submitted) or `completed`. */
  status: "in_review" | "completed";
  amountMinor: number;
  currency?: string;
}

/**
 * `count` tasks of one contractor, numbered 1…count and titled "Translate page N", inserted 500 a statement
 * with the company's task counter; task i is created at base + i × 10 ms, so ids (UUIDv7) follow i. Their
 * money is the caller's (see `seedReservedTasks`). Returns the ids in order.
 */
export async function insertTasks(context: AppContext, seed: TaskSeed): Promise<string[]> {
  const { db } = context.database;
  const base = Date.now() - seed.count * 10;
  const rows = Array.from({ length: seed.count }, (_, i) => {
    const at = new Date(base + i * 10).toISOString();
    const title = `Translate page ${i + 1}`;
    return {
      id: newId(base + i * 10),
      company_id: seed.company.id,
      number: i + 1,
      title,
      description: "",
      status: seed.status,
      contractor_id: seed.contractorId,
      amount_minor: seed.amountMinor,
      currency: seed.currency ?? "USD",
      deadline: null,
      project: null,
      external_id: null,
      created_by: seed.company.owner.id,
      created_at: at,
      updated_at: at,
      result_text: "Done",
      result_link: null,
      search_text: searchTextOf(title),
    };
  });
  for (const part of chunks(rows, 500)) await db.insertInto("tasks").values(part).execute();
  await db
    .insertInto("task_counters")
    .values({ company_id: seed.company.id, last_number: seed.count })
    .execute();
  return rows.map((r) => r.id);
}

/**
 * `count` tasks In review, each reserved by money's own `reserveForTasks` (what a send runs), 500 tasks a
 * transaction: the company must hold the money (amount and fee) for them. Returns the ids in order.
 */
export async function seedReservedTasks(
  context: AppContext,
  seed: Omit<TaskSeed, "status">,
): Promise<string[]> {
  const ids = await insertTasks(context, { ...seed, status: "in_review" });
  for (const part of chunks(ids, 500)) {
    await transact(context, (tx) =>
      reserveForTasks(tx, {
        companyId: seed.company.id,
        actorUserId: seed.company.owner.id,
        taskIds: part,
        refuse: (taskId, problem) => {
          throw new Error(`task ${taskId} was refused: ${problem.message}`);
        },
      }),
    );
  }
  return ids;
}

/** Valid IBANs with their banks' BICs, given to the seeded contractors in turn. */
const IBANS = [
  ["DE89370400440532013000", "COBADEFFXXX"],
  ["FR1420041010050500013M02606", "PSSTFRPPXXX"],
  ["NL91ABNA0417164300", "ABNANL2A"],
] as const;

export interface WithdrawalSeed {
  /** The paying company: it is funded with what the contractors earn. */
  company: { id: string; owner: { id: string } };
  count: number;
  /** What each contractor earns (minor units); each withdraws `withdrawMinor(i)` of it. */
  earnedMinor: number;
  withdrawMinor?: (i: number) => number;
  currency?: string;
  /** Names and emails of contractor i (default: `contractor{i}@seed.test`). */
  person?: (i: number) => { name: string; email: string };
}

/**
 * `count` contractors (users and payout accounts inserted 500 a statement), each paid `earnedMinor` by the
 * company through the ledger (a top-up, one reservation, a payment leg per contractor, 500 legs a
 * transaction), then each asks for a withdrawal through `requestWithdrawal`, one transaction each as the
 * route runs it. Returns the contractors' user ids and their withdrawals' ids, in order.
 */
export async function seedWithdrawals(
  context: AppContext,
  seed: WithdrawalSeed,
): Promise<{ userIds: string[]; withdrawalIds: string[] }> {
  const { db } = context.database;
  const { company, count, earnedMinor } = seed;
  const currency = seed.currency ?? "EUR";
  const person =
    seed.person ?? ((i: number) => ({ name: `Contractor ${i}`, email: `contractor${i}@seed.test` }));
  await fundCompany({ context }, company, ((count * earnedMinor) / 100).toFixed(2), currency);
  const now = new Date().toISOString();
  const users = Array.from({ length: count }, (_, i) => ({
    id: newId(),
    ...person(i),
    password_hash: "not-a-real-hash",
    email_verified_at: now,
    platform_role: null,
    password_changed_at: null,
    created_at: now,
    updated_at: now,
    deletion_due_at: null,
    deleted_at: null,
  }));
  for (const part of chunks(users, 500)) await db.insertInto("users").values(part).execute();
  for (const part of chunks(users, 500)) {
    await db
      .insertInto("payout_details")
      .values(
        part.map((u, i) => {
          const [iban, bic] = IBANS[i % IBANS.length] as (typeof IBANS)[number];
          return { user_id: u.id, account_holder: u.name, iban, bic, created_at: now, updated_at: now };
        }),
      )
      .execute();
  }
  await transact(context, (tx) =>
    postTransfers(tx, [
      {
        id: `seed:reserve:${company.id}`,
        kind: "reserve",
        amount: count * earnedMinor,
        debit: companyAccount(company.id, "available", currency),
        credit: companyAccount(company.id, "reserved", currency),
        reference: { type: "task", id: `seed-${company.id}`, label: "Seeded tasks" },
      },
    ]),
  );
  for (const part of chunks(users, 500)) {
    await transact(context, (tx) =>
      postTransfers(
        tx,
        part.map((u) => ({
          id: `seed:payment:${u.id}`,
          kind: "payment",
          amount: earnedMinor,
          debit: companyAccount(company.id, "reserved", currency),
          credit: contractorAccount(u.id, "available", currency),
          reference: { type: "task", id: u.id, label: "Seeded task" },
        })),
      ),
    );
  }
  const withdrawMinor = seed.withdrawMinor ?? (() => earnedMinor);
  const withdrawalIds: string[] = [];
  for (const [i, u] of users.entries()) {
    const amount = (withdrawMinor(i) / 100).toFixed(2);
    const withdrawal = await transact(context, (tx) =>
      requestWithdrawal(tx, { userId: u.id }, { amount, currency }),
    );
    withdrawalIds.push(withdrawal.id);
  }
  return { userIds: users.map((u) => u.id), withdrawalIds };
}
