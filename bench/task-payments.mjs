// Task payments per second: the company accepts tasks In review (POST /api/companies/:cid/tasks/:id/accept)
// over 50 connections, each acceptance paying the contractor and the fee from the company's reserved money
// (two ledger legs, their balances, the payment's status, the history entry, the email, the events) in one
// transaction. The app runs as production runs it, in a process of its own (PAYMENTS=prepaid, a 2.5 % fee,
// workers on), on a fresh database. Beside it, the same run measures the database's raw insert rate (rows
// shaped like ledger_transfers into a scratch table) as the ceiling, and runs the ledger check at the end.
//
//   node --import tsx bench/task-payments.mjs sqlite
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node --import tsx bench/task-payments.mjs postgres
//
// TASKS (default 20000) tasks are accepted, CONNECTIONS (default 50) at a time; RAW_ROWS (default 50000)
// rows are inserted for the ceiling.
//
// Seeding: the company is funded through the top-up use cases (requested, then recorded received as test
// funds); the tasks are inserted directly as In review (sent, accepted and submitted by the contractor) and
// their reservations made by money's own `reserveForTasks` (what a send runs), 500 tasks a transaction.
import SQLite from "better-sqlite3";
import pg from "pg";
import { searchTextOf } from "../src/common/search.ts";
import { createSession } from "../src/server/auth/sessions.ts";
import { loadConfig } from "../src/server/config.ts";
import { chunks } from "../src/server/db/chunks.ts";
import { openDatabase } from "../src/server/db/connection.ts";
import { newId } from "../src/server/db/ids.ts";
import { createInProcessBus } from "../src/server/events/bus.ts";
import { createAppContext } from "../src/server/kernel/context.ts";
import { transact } from "../src/server/kernel/transaction.ts";
import { checkLedger } from "../src/server/money/check-ledger.ts";
import { reserveForTasks } from "../src/server/money/task-payments.ts";
import { buildCompany, buildContractor, buildUser } from "../test/support/factories.ts";
import { fundCompany } from "../test/support/money.ts";
import { startAppProcess } from "./lib/app-process.mjs";
import { cpuMs, machine, report } from "./lib/bench.mjs";
import { freshDatabase } from "./lib/database.mjs";

const dialect = process.argv[2] ?? "sqlite";
const taskCount = Number(process.env.TASKS ?? 20_000);
const connections = Number(process.env.CONNECTIONS ?? 50);
const rawRows = Number(process.env.RAW_ROWS ?? 50_000);
const FEE_PERCENT = "2.5";
const AMOUNT_MINOR = 10_000; // 100.00 USD a task, 2.50 USD fee

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const round = (n) => Math.round(n * 100) / 100;

/** The company, its owner, one active contractor, the money and `count` tasks In review, each reserved. */
async function seed(context, count) {
  const { db } = context.database;
  const owner = await buildUser(db, { email: "owner@bench.test", name: "Bench Owner" });
  const company = await buildCompany(db, { owner, name: "Big Company" });
  const contractor = await buildContractor(db, {
    companyId: company.id,
    name: "Carla Contractor",
    status: "active",
    accepted: true,
  });
  const perTask = AMOUNT_MINOR + (AMOUNT_MINOR * 250) / 10_000;
  await fundCompany({ context }, company, ((count * perTask + 100_000) / 100).toFixed(2));

  const base = Date.now() - count * 10;
  const ids = [];
  const rows = [];
  for (let i = 0; i < count; i++) {
    const at = new Date(base + i * 10).toISOString();
    const id = newId(base + i * 10);
    const title = `Translate page ${i + 1}`;
    ids.push(id);
    rows.push({
      id,
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
      created_by: owner.id,
      created_at: at,
      updated_at: at,
      result_text: "Done",
      result_link: null,
      search_text: searchTextOf(title),
    });
  }
  for (const part of chunks(rows, 500)) await db.insertInto("tasks").values(part).execute();
  await db.insertInto("task_counters").values({ company_id: company.id, last_number: count }).execute();
  for (const part of chunks(ids, 500)) {
    await transact(context, (tx) =>
      reserveForTasks(tx, {
        companyId: company.id,
        actorUserId: owner.id,
        taskIds: part,
        refuse: (taskId, problem) => {
          throw new Error(`task ${taskId} was refused: ${problem.message}`);
        },
      }),
    );
  }
  return { owner, company, ids };
}

/** Accepts every task, `connections` requests in flight; returns each acceptance's latency and the time. */
async function acceptAll(url, cookie, companyId, ids) {
  const latencies = [];
  const failures = [];
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const id = ids[next++];
      const start = performance.now();
      const res = await fetch(`${url}/api/companies/${companyId}/tasks/${id}/accept`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: url, cookie },
        body: "{}",
      });
      const body = await res.text();
      latencies.push(performance.now() - start);
      if (res.status !== 200) failures.push(`${res.status} ${body.slice(0, 200)}`);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: connections }, worker));
  return { latencies, failures, seconds: (performance.now() - started) / 1000 };
}

const SCRATCH = `CREATE TABLE bench_raw_transfers (
  id text PRIMARY KEY, at text NOT NULL, kind text NOT NULL, amount bigint NOT NULL, currency text NOT NULL,
  debit_account text NOT NULL, credit_account text NOT NULL, company_id text, contractor_user_id text,
  reference_type text NOT NULL, reference_id text NOT NULL, reference_label text NOT NULL)`;
const INSERT_COLUMNS =
  "id, at, kind, amount, currency, debit_account, credit_account, company_id, contractor_user_id, reference_type, reference_id, reference_label";

const rawRow = (prefix, i) => [
  `${prefix}:${i}`,
  new Date().toISOString(),
  "payment",
  AMOUNT_MINOR,
  "USD",
  "company:c:reserved:USD",
  "contractor:u:available:USD",
  "c",
  "u",
  "task",
  `task-${i}`,
  `Task #${i}: Translate page ${i}`,
];

/**
 * The database's raw insert rate into a scratch table shaped like ledger_transfers, on a connection of its
 * own with the app's settings: one row per committed transaction (as many connections as the load on
 * PostgreSQL; SQLite has one writer), and all rows in one transaction. Rows per second of each.
 */
async function rawInsertRate(url, rows) {
  if (dialect === "sqlite") {
    const raw = new SQLite(url.slice("sqlite:".length));
    raw.pragma("journal_mode = WAL");
    raw.pragma("synchronous = NORMAL");
    raw.pragma("busy_timeout = 5000");
    raw.exec(SCRATCH);
    const insert = raw.prepare(
      `INSERT INTO bench_raw_transfers (${INSERT_COLUMNS}) VALUES (${Array(12).fill("?").join(", ")})`,
    );
    let started = performance.now();
    for (let i = 0; i < rows; i++) insert.run(rawRow("single", i));
    const single = rows / ((performance.now() - started) / 1000);
    started = performance.now();
    raw.transaction(() => {
      for (let i = 0; i < rows; i++) insert.run(rawRow("batch", i));
    })();
    const batched = rows / ((performance.now() - started) / 1000);
    raw.exec("DROP TABLE bench_raw_transfers");
    raw.close();
    return { rowPerTransaction: Math.round(single), connections: 1, oneTransaction: Math.round(batched) };
  }
  const pool = new pg.Pool({ connectionString: url, max: connections });
  try {
    await pool.query(SCRATCH);
    const text = `INSERT INTO bench_raw_transfers (${INSERT_COLUMNS}) VALUES (${Array.from({ length: 12 }, (_, i) => `$${i + 1}`).join(", ")})`;
    let next = 0;
    const worker = async () => {
      const client = await pool.connect();
      try {
        while (next < rows)
          await client.query({ name: "raw-insert", text, values: rawRow("single", next++) });
      } finally {
        client.release();
      }
    };
    let started = performance.now();
    await Promise.all(Array.from({ length: connections }, worker));
    const single = rows / ((performance.now() - started) / 1000);
    const client = await pool.connect();
    try {
      started = performance.now();
      await client.query("BEGIN");
      for (let i = 0; i < rows; i++)
        await client.query({ name: "raw-insert", text, values: rawRow("batch", i) });
      await client.query("COMMIT");
    } finally {
      client.release();
    }
    const batched = rows / ((performance.now() - started) / 1000);
    await pool.query("DROP TABLE bench_raw_transfers");
    return { rowPerTransaction: Math.round(single), connections, oneTransaction: Math.round(batched) };
  } finally {
    await pool.end();
  }
}

const fresh = await freshDatabase(dialect);
const app = await startAppProcess(fresh.url, {
  PAYMENTS: "prepaid",
  PLATFORM_FEE_PERCENT: FEE_PERCENT,
});
const database = openDatabase(fresh.url);
try {
  const config = loadConfig({
    APP_URL: app.url,
    NODE_ENV: "test",
    PAYMENTS: "prepaid",
    PLATFORM_FEE_PERCENT: FEE_PERCENT,
  });
  const context = createAppContext({ config, database, bus: createInProcessBus() });
  const seedStarted = performance.now();
  const { owner, company, ids } = await seed(context, taskCount);
  const seedSeconds = (performance.now() - seedStarted) / 1000;
  const cookie = `crewdesk_session=${await createSession(database.db, owner.id)}`;

  // The ceiling first, on the same database, while the app is idle.
  const rawInserts = await rawInsertRate(fresh.url, rawRows);

  // Warm-up (statements prepared, connections opened, JIT): the first 1 % of the tasks, not measured.
  const warm = Math.min(200, Math.ceil(ids.length / 100));
  await acceptAll(app.url, cookie, company.id, ids.slice(0, warm));
  const cpuBefore = cpuMs(app.child.pid);
  const run = await acceptAll(app.url, cookie, company.id, ids.slice(warm));
  const appCpuMs = cpuMs(app.child.pid) - cpuBefore;
  if (run.failures.length > 0)
    throw new Error(`${run.failures.length} acceptances failed, e.g. ${run.failures.slice(0, 3).join("; ")}`);

  const breaches = await checkLedger(database.db);
  const paid = await database.db
    .selectFrom("task_payments")
    .select((eb) => eb.fn.countAll().as("n"))
    .where("status", "=", "paid")
    .executeTakeFirstOrThrow();
  const transfers = await database.db
    .selectFrom("ledger_transfers")
    .select((eb) => eb.fn.countAll().as("n"))
    .executeTakeFirstOrThrow();

  const sorted = [...run.latencies].sort((a, b) => a - b);
  const paymentsPerSec = run.latencies.length / run.seconds;
  report(`task-payments-${dialect}`, {
    database: fresh.label,
    tasks: ids.length,
    seedSeconds: round(seedSeconds),
    acceptances: {
      connections,
      measured: run.latencies.length,
      seconds: round(run.seconds),
      paymentsPerSec: Math.round(paymentsPerSec),
      p50Ms: round(percentile(sorted, 50)),
      p99Ms: round(percentile(sorted, 99)),
      maxMs: round(sorted[sorted.length - 1]),
      appCpuMsPerPayment: round(appCpuMs / run.latencies.length),
      failures: run.failures.length,
    },
    rawInsertsPerSec: rawInserts,
    paymentsPerRawInsert: round(paymentsPerSec / rawInserts.rowPerTransaction),
    target: { paymentsPerSec: 2000, met: paymentsPerSec >= 2000 },
    ledgerCheck: {
      breaches,
      clean: breaches.length === 0,
      paidTasks: Number(paid.n),
      transfers: Number(transfers.n),
    },
    machine: machine(),
  });
  if (breaches.length > 0) process.exitCode = 1;
  if (Number(paid.n) !== ids.length) throw new Error(`${paid.n} tasks paid, ${ids.length} accepted`);
} finally {
  await app.stop();
  await database.close();
  await fresh.drop();
}
