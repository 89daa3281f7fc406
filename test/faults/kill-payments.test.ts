import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { searchTextOf } from "../../src/common/search.ts";
import { buildApp } from "../../src/server/app.ts";
import { loadConfig } from "../../src/server/config.ts";
import { chunks } from "../../src/server/db/chunks.ts";
import { type Database, openDatabase } from "../../src/server/db/connection.ts";
import { newId } from "../../src/server/db/ids.ts";
import { createInProcessBus } from "../../src/server/events/bus.ts";
import { type AppContext, createAppContext } from "../../src/server/kernel/context.ts";
import { transact } from "../../src/server/kernel/transaction.ts";
import { checkLedger } from "../../src/server/money/check-ledger.ts";
import { reserveForTasks } from "../../src/server/money/task-payments.ts";
import { buildCompany, buildContractor, buildSession } from "../support/factories.ts";
import { type RunningApp, startApp, timedRequest } from "../support/faults.ts";
import { balanceOf, fundCompany } from "../support/money.ts";

const TASKS = 300;
const CONNECTIONS = 20;
const AMOUNT_MINOR = 10_000; // 100.00 USD a task
const FEE_MINOR = 250; // 2.5 %
const PAYMENTS_ENV = { PAYMENTS: "prepaid", PLATFORM_FEE_PERCENT: "2.5" };

/**
 * A company with the money for TASKS tasks, and TASKS tasks In review (sent, accepted and submitted by the
 * contractor), each reserved by money's own `reserveForTasks`, as bench/task-payments.mjs seeds them.
 */
async function seed(context: AppContext): Promise<{ companyId: string; token: string; ids: string[] }> {
  const { db } = context.database;
  const company = await buildCompany(db);
  const contractor = await buildContractor(db, { companyId: company.id, status: "active", accepted: true });
  await fundCompany({ context }, company, ((TASKS * (AMOUNT_MINOR + FEE_MINOR)) / 100).toFixed(2));
  const base = Date.now() - TASKS * 10;
  const rows = Array.from({ length: TASKS }, (_, i) => {
    const at = new Date(base + i * 10).toISOString();
    const title = `Translate page ${i + 1}`;
    return {
      id: newId(base + i * 10),
      company_id: company.id,
      number: i + 1,
      title,
      description: "",
      status: "in_review",
      contractor_id: contractor.id,
      amount_minor: AMOUNT_MINOR,
      currency: "USD",
      deadline: null,
      project: null,
      external_id: null,
      created_by: company.owner.id,
      created_at: at,
      updated_at: at,
      result_text: "Done",
      result_link: null,
      search_text: searchTextOf(title),
    };
  });
  await db.insertInto("tasks").values(rows).execute();
  await db.insertInto("task_counters").values({ company_id: company.id, last_number: TASKS }).execute();
  const ids = rows.map((r) => r.id);
  for (const part of chunks(ids, 100)) {
    await transact(context, (tx) =>
      reserveForTasks(tx, {
        companyId: company.id,
        actorUserId: company.owner.id,
        taskIds: part,
        refuse: (taskId, problem) => {
          throw new Error(`task ${taskId} was refused: ${problem.message}`);
        },
      }),
    );
  }
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
  const legs = await db
    .selectFrom("ledger_transfers")
    .select(["reference_id", "kind", (eb) => eb.fn.countAll<number>().as("n")])
    .where("kind", "in", ["payment", "fee"])
    .groupBy(["reference_id", "kind"])
    .execute();
  const count = (id: string, kind: string) =>
    Number(legs.find((l) => l.reference_id === id && l.kind === kind)?.n ?? 0);
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

describe("the app killed with SIGKILL in the middle of task payments", { timeout: 300_000 }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "crewdesk-fault-kill-pay-"));
  const databaseUrl = `sqlite:${path.join(dir, "crewdesk.sqlite")}`;
  const apps: RunningApp[] = [];
  let database: Database | undefined;

  afterAll(async () => {
    for (const app of apps) app.server.stop();
    await database?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("after a restart the ledger is clean, each task paid once or still In review, and the rest pay once", async () => {
    // The app migrates the database; the seeding runs while no process holds it (SQLite has one writer).
    const migrating = await startApp(databaseUrl, PAYMENTS_ENV);
    apps.push(migrating);
    migrating.server.stop();
    await migrating.server.exited;
    database = openDatabase(databaseUrl);
    const config = loadConfig({
      NODE_ENV: "test",
      DATABASE_URL: databaseUrl,
      WORKERS: "off",
      ...PAYMENTS_ENV,
    });
    const context = createAppContext({ config, database, bus: createInProcessBus() });
    await buildApp(context); // registers the features' hooks (money pays on acceptance); never listens
    const { companyId, token, ids } = await seed(context);
    const first = await startApp(databaseUrl, PAYMENTS_ENV);
    apps.push(first);
    const accept = (base: string, id: string) =>
      timedRequest(`${base}/api/companies/${companyId}/tasks/${id}/accept`, {
        method: "POST",
        token,
        body: {},
      });

    // Acceptances over CONNECTIONS connections; the process is killed once a third of them have answered.
    const answered = new Map<string, number>();
    let next = 0;
    let killed = false;
    const loop = async () => {
      while (next < ids.length && !killed) {
        const id = ids[next++] as string;
        const answer = await accept(first.base, id).catch(() => null);
        if (answer) answered.set(id, answer.status);
        if (!killed && answered.size >= TASKS / 3) {
          killed = true;
          first.server.child.kill("SIGKILL");
        }
      }
    };
    await Promise.all(Array.from({ length: CONNECTIONS }, loop));
    expect(await first.server.exited).toBe("SIGKILL");

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

    const second = await startApp(databaseUrl, PAYMENTS_ENV);
    apps.push(second);
    const rest = await Promise.all(waiting.map((t) => accept(second.base, t.id)));
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
});
