// Task payments per second: the company accepts tasks In review over 50 connections, each acceptance paying
// the contractor and the fee from the company's reserved money (two ledger legs, their balances, the
// payment's status, the history entry, the email, the acts' job, the events) in one transaction.
//
//   node --import tsx bench/task-payments.mjs sqlite
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node --import tsx bench/task-payments.mjs postgres
//
// Three figures, on one fresh database:
// 1. HTTP (the headline): POST /api/companies/:cid/tasks/:id/accept against the app in a process of its own,
//    as a node that serves HTTP only (WORKERS=off, DATABASE_POOL_SIZE = POOL), CONNECTIONS loops.
// 2. In process: what the route runs after reading the session (the tasks' accepter: concurrent acceptances
//    of the company done together in one transaction) called by CONNECTIONS loops in this process over a
//    pool of CONNECTIONS database connections. No HTTP.
// 3. The followers' backlog: the emails, the acts' jobs and webhook deliveries the acceptances queued, then
//    a worker node (the app with WORKERS=on) started on the same database for DRAIN_SECONDS: what it cleared.
// Beside them: the database's raw insert rate (rows shaped like ledger_transfers into a scratch table), the
// SQL statements one acceptance runs (counted on 100 more), and the ledger check at the end.
//
// TASKS (default 5000 on SQLite, 2000 on PostgreSQL) tasks for each of the first two, CONNECTIONS
// (default 50), RAW_ROWS (default 20000), DRAIN_SECONDS (default 30), POOL (default 10).
//
// Seeding: the company is funded through the top-up use cases (requested, then recorded received as test
// funds); the tasks are inserted directly as In review (sent, accepted and submitted by the contractor) and
// their reservations made by money's own `reserveForTasks` (what a send runs), 500 tasks a transaction.
import SQLite from "better-sqlite3";
import { sql } from "kysely";
import pg from "pg";
import { buildApp } from "../src/server/app.ts";
import { createSession } from "../src/server/auth/sessions.ts";
import { loadConfig } from "../src/server/config.ts";
import { chunks } from "../src/server/db/chunks.ts";
import { openDatabase } from "../src/server/db/connection.ts";
import { createInProcessBus } from "../src/server/events/bus.ts";
import { createAppContext } from "../src/server/kernel/context.ts";
import { checkLedger } from "../src/server/money/check-ledger.ts";
import { createTaskAccepter } from "../src/server/tasks/task-accepter.ts";
import { buildCompany, buildContractor, buildUser } from "../test/support/factories.ts";
import { fundCompany } from "../test/support/money.ts";
import { seedReservedTasks } from "../test/support/seeds.ts";
import { startAppProcess } from "./lib/app-process.mjs";
import { cpuMs, machine, ownCpuMs, report } from "./lib/bench.mjs";
import { freshDatabase } from "./lib/database.mjs";

const dialect = process.argv[2] ?? "sqlite";
// Defaults sized for a run of at most about 3 minutes on 2 idle cores.
const taskCount = Number(process.env.TASKS ?? (dialect === "postgres" ? 2_000 : 5_000));
const connections = Number(process.env.CONNECTIONS ?? 50);
const rawRows = Number(process.env.RAW_ROWS ?? 20_000);
const drainSeconds = Number(process.env.DRAIN_SECONDS ?? 30);
// The HTTP node's PostgreSQL pool (DATABASE_POOL_SIZE): 10 as production's default. More connections do not
// help acceptances of one company, which wait for each other on the ledger's hot rows (docs/benchmarks.md).
const appPool = Number(process.env.POOL ?? 10);
const COUNTED = 100; // acceptances whose statements are counted, one at a time
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
  const ids = await seedReservedTasks(context, {
    company,
    contractorId: contractor.id,
    count,
    amountMinor: AMOUNT_MINOR,
  });
  // On PostgreSQL, as a live database is once autovacuum has seen the new rows: without statistics it plans
  // the acceptances' reads of 50 tasks by id as a walk over all of the company's tasks (20 ms, not 0.2 ms).
  if (context.database.dialect === "postgres") await sql`VACUUM ANALYZE`.execute(db);
  return { owner, company, ids };
}

/** Runs `acceptOne` for every id, `connections` at a time; returns each one's latency and the time. */
async function acceptAll(ids, acceptOne) {
  const latencies = [];
  const failures = [];
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const id = ids[next++];
      const start = performance.now();
      const failure = await acceptOne(id);
      latencies.push(performance.now() - start);
      if (failure) failures.push(failure);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: connections }, worker));
  return { latencies, failures, seconds: (performance.now() - started) / 1000 };
}

/** One acceptance through HTTP, as the web app sends it; a failure's status and body, or null. */
const overHttp = (url, cookie, companyId) => async (id) => {
  const res = await fetch(`${url}/api/companies/${companyId}/tasks/${id}/accept`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: url, cookie },
    body: "{}",
  });
  const body = await res.text();
  return res.status === 200 ? null : `${res.status} ${body.slice(0, 200)}`;
};

/**
 * One acceptance in process: what the route runs once it has read the session (no HTTP, no session): the
 * accepter, which does concurrent acceptances of one company in one transaction (group commit).
 */
const inProcess = (accepter, owner, companyId) => async (id) => {
  try {
    await accepter.accept({ companyId, userId: owner.id }, id);
    return null;
  } catch (error) {
    return String(error?.message ?? error).slice(0, 200);
  }
};

/** The figures of one measured run. */
function figures(run, cpuSpentMs) {
  const sorted = [...run.latencies].sort((a, b) => a - b);
  const paymentsPerSec = run.latencies.length / run.seconds;
  return {
    connections,
    measured: run.latencies.length,
    seconds: round(run.seconds),
    paymentsPerSec: Math.round(paymentsPerSec),
    p50Ms: round(percentile(sorted, 50)),
    p99Ms: round(percentile(sorted, 99)),
    maxMs: round(sorted[sorted.length - 1]),
    cpuMsPerPayment: round(cpuSpentMs / run.latencies.length),
    failures: run.failures.length,
    met: paymentsPerSec >= 2000,
  };
}

/** A Kysely plugin that counts the statements run through it (transactions' BEGIN and COMMIT not included). */
function statementCounter() {
  const counter = {
    count: 0,
    transformQuery(args) {
      counter.count++;
      return args.node;
    },
    async transformResult(args) {
      return args.result;
    },
  };
  return counter;
}

/** What the followers still have to do: emails to send, jobs (the acts) to run, webhook deliveries. */
async function backlog(db) {
  const count = async (query) =>
    Number((await query.select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);
  return {
    emails: await count(db.selectFrom("outbox_emails").where("status", "in", ["queued", "sending"])),
    jobs: await count(db.selectFrom("jobs").where("status", "in", ["queued", "running"])),
    webhookDeliveries: await count(
      db.selectFrom("webhook_deliveries").where("status", "in", ["queued", "sending"]),
    ),
  };
}

/** Starts a worker node on the database and watches the backlog for `seconds`: what it cleared, how fast. */
async function drain(url, db, seconds) {
  const before = await backlog(db);
  const node = await startAppProcess(url, { PAYMENTS: "prepaid", PLATFORM_FEE_PERCENT: FEE_PERCENT });
  const started = performance.now();
  let after = before;
  try {
    while ((performance.now() - started) / 1000 < seconds) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      after = await backlog(db);
      if (after.emails + after.jobs + after.webhookDeliveries === 0) break;
    }
  } finally {
    await node.stop();
  }
  const elapsed = (performance.now() - started) / 1000;
  const rate = (k) => round((before[k] - after[k]) / elapsed);
  const eta = (k) =>
    before[k] === after[k] ? null : Math.round(before[k] / ((before[k] - after[k]) / elapsed));
  return {
    watchedSeconds: round(elapsed),
    before,
    after,
    perSec: { emails: rate("emails"), jobs: rate("jobs"), webhookDeliveries: rate("webhookDeliveries") },
    estimatedSecondsToDrain: { emails: eta("emails"), jobs: eta("jobs") },
  };
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
  WORKERS: "off",
  DATABASE_POOL_SIZE: String(appPool),
});
const database = openDatabase(fresh.url, { poolSize: connections });
let appStopped = false;
try {
  const config = loadConfig({
    APP_URL: app.url,
    NODE_ENV: "test",
    PAYMENTS: "prepaid",
    PLATFORM_FEE_PERCENT: FEE_PERCENT,
  });
  const context = createAppContext({ config, database, bus: createInProcessBus() });
  await buildApp(context); // registers every feature's hooks (money pays, documents queue the acts); never listens
  const seedStarted = performance.now();
  const { owner, company, ids } = await seed(context, 2 * taskCount + COUNTED);
  const seedSeconds = (performance.now() - seedStarted) / 1000;
  const httpIds = ids.slice(0, taskCount);
  const inProcessIds = ids.slice(taskCount, 2 * taskCount);
  const countedIds = ids.slice(2 * taskCount);
  const cookie = `crewdesk_session=${await createSession(database.db, owner.id)}`;

  // The ceiling first, on the same database, while the app is idle.
  const rawInserts = await rawInsertRate(fresh.url, rawRows);

  // 1. HTTP. Warm-up (statements prepared, connections opened, JIT): the first 1 % of the tasks, not measured.
  const warm = Math.min(200, Math.ceil(httpIds.length / 100));
  const http = overHttp(app.url, cookie, company.id);
  await acceptAll(httpIds.slice(0, warm), http);
  const loadBefore = machine().loadAverage;
  const cpuBefore = cpuMs(app.child.pid);
  const httpRun = await acceptAll(httpIds.slice(warm), http);
  const httpCpuMs = cpuMs(app.child.pid) - cpuBefore;
  await app.stop();
  appStopped = true;

  // 2. In process, on this process's pool of `connections` connections.
  const local = inProcess(createTaskAccepter(context), owner, company.id);
  await acceptAll(inProcessIds.slice(0, warm), local);
  const ownBefore = ownCpuMs();
  const localRun = await acceptAll(inProcessIds.slice(warm), local);
  const localCpuMs = ownCpuMs() - ownBefore;
  const loadAfter = machine().loadAverage;
  for (const run of [httpRun, localRun])
    if (run.failures.length > 0)
      throw new Error(
        `${run.failures.length} acceptances failed, e.g. ${run.failures.slice(0, 3).join("; ")}`,
      );

  // Statements of one acceptance, one at a time.
  const counter = statementCounter();
  const counting = { ...context, database: { ...database, db: database.db.withPlugin(counter) } };
  // One at a time: each acceptance is a batch of one, the path of a lone acceptance.
  const countingAccepter = createTaskAccepter(counting);
  for (const id of countedIds) await inProcess(countingAccepter, owner, company.id)(id);
  const statementsPerPayment = round(counter.count / countedIds.length);

  // 3. The followers: what the acceptances left them, and how fast a worker node clears it.
  const followers = await drain(fresh.url, database.db, drainSeconds);

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

  // How the acceptances were grouped: the legs of one transaction share its instant.
  const perTransaction = async (taskIds) => {
    const instants = new Set();
    for (const part of chunks(taskIds, 500)) {
      const rows = await database.db
        .selectFrom("ledger_transfers")
        .select("at")
        .where("kind", "=", "payment")
        .where("reference_id", "in", part)
        .execute();
      for (const row of rows) instants.add(row.at);
    }
    return { transactions: instants.size, paymentsPerTransaction: round(taskIds.length / instants.size) };
  };
  const httpFigures = figures(httpRun, httpCpuMs);
  report(`task-payments-${dialect}`, {
    database: fresh.label,
    tasks: ids.length,
    seedSeconds: round(seedSeconds),
    http: {
      what: "POST …/tasks/:id/accept, app process with WORKERS=off",
      poolSize: appPool,
      ...httpFigures,
      grouping: await perTransaction(httpIds),
    },
    inProcess: {
      what: "the route's accepter (group commit of transact + acceptTasks) in this process, no HTTP",
      poolSize: connections,
      ...figures(localRun, localCpuMs),
      grouping: await perTransaction(inProcessIds),
    },
    statementsPerPayment,
    rawInsertsPerSec: rawInserts,
    paymentsPerRawInsert: round(httpFigures.paymentsPerSec / rawInserts.rowPerTransaction),
    target: { paymentsPerSec: 2000, metOverHttp: httpFigures.met },
    followers,
    ledgerCheck: {
      breaches,
      clean: breaches.length === 0,
      paidTasks: Number(paid.n),
      transfers: Number(transfers.n),
    },
    loadAverage: { beforeRuns: loadBefore, afterRuns: loadAfter },
    machine: machine(),
  });
  if (breaches.length > 0) process.exitCode = 1;
  if (Number(paid.n) !== ids.length) throw new Error(`${paid.n} tasks paid, ${ids.length} accepted`);
} finally {
  if (!appStopped) await app.stop();
  await database.close();
  await fresh.drop();
}
