// Acts of acceptance per second (one A4 page each), with the process's peak RSS and the event loop's longest
// stall, in two parts:
//
//   1. rendering alone: `renderAct` (pdfkit, Noto Sans embedded) RENDERS times in a row, nothing stored;
//   2. issuing as the documents worker does: TASKS paid tasks on a fresh database, each task's two acts
//      (company's and contractor's copy) numbered, rendered and stored by `issueActs` in a transaction of its
//      own, a turn of the event loop after each (2 × TASKS documents).
//
//   node --import tsx bench/documents.mjs sqlite
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node --import tsx bench/documents.mjs postgres
//
// RENDERS (default 1000), TASKS (default 500).
import { monitorEventLoopDelay } from "node:perf_hooks";
import { setImmediate as nextTurn } from "node:timers/promises";
import { loadConfig } from "../src/server/config.ts";
import { chunks } from "../src/server/db/chunks.ts";
import { openDatabase } from "../src/server/db/connection.ts";
import { migrateToLatest } from "../src/server/db/migrate.ts";
import { issueActs } from "../src/server/documents/issue-acts.ts";
import { renderAct } from "../src/server/documents/render-act.ts";
import { createInProcessBus } from "../src/server/events/bus.ts";
import { createAppContext } from "../src/server/kernel/context.ts";
import { transact } from "../src/server/kernel/transaction.ts";
import { payForTasks, reserveForTasks } from "../src/server/money/task-payments.ts";
import { buildCompany, buildContractor, buildUser } from "../test/support/factories.ts";
import { fundCompany } from "../test/support/money.ts";
import { insertTasks } from "../test/support/seeds.ts";
import { machine, report } from "./lib/bench.mjs";
import { freshDatabase } from "./lib/database.mjs";

const dialect = process.argv[2] ?? "sqlite";
const renders = Number(process.env.RENDERS ?? 1000);
const taskCount = Number(process.env.TASKS ?? 500);
const AMOUNT_MINOR = 10_000;

const percentile = (sorted, p) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const round = (n) => Math.round(n * 100) / 100;
const rssMiB = () => Math.round(process.resourceUsage().maxRSS / 1024);

const operator = {
  name: "Crewdesk Operator",
  address: "1 Example Street, 00000 Example City",
  bankDetails: "",
};

async function renderOnly() {
  const latencies = [];
  let bytes = 0;
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const started = performance.now();
  for (let i = 0; i < renders; i++) {
    const t0 = performance.now();
    const pdf = await renderAct({
      number: `ACT-2026-${String(i + 1).padStart(6, "0")}`,
      side: i % 2 ? "company" : "contractor",
      issuedAt: new Date(),
      paidAt: new Date().toISOString(),
      operator,
      company: { name: "ООО «Ромашка» — Big Company" },
      contractor: { name: "Иван Петров", email: "ivan@example.com" },
      task: { number: i + 1, title: `Translate page ${i + 1} into Greek — Ελληνικά` },
      amountMinor: AMOUNT_MINOR,
      feeMinor: 250,
      currency: "EUR",
    });
    latencies.push(performance.now() - t0);
    bytes += pdf.length;
    await nextTurn();
  }
  const seconds = (performance.now() - started) / 1000;
  delay.disable();
  latencies.sort((a, b) => a - b);
  return {
    acts: renders,
    actsPerSecond: round(renders / seconds),
    renderMs: { p50: round(percentile(latencies, 50)), p99: round(percentile(latencies, 99)) },
    averagePdfBytes: Math.round(bytes / renders),
    eventLoopDelayMs: {
      p50: round(delay.percentile(50) / 1e6),
      p99: round(delay.percentile(99) / 1e6),
      max: round(delay.max / 1e6),
    },
    peakRssMiB: rssMiB(),
  };
}

/** A company, its contractor and `count` tasks paid (reserved, then paid by money's own use cases). */
async function seedPaidTasks(context, count) {
  const { db } = context.database;
  const owner = await buildUser(db, { email: "owner@bench.test", name: "Bench Owner" });
  const company = await buildCompany(db, { owner, name: "ООО «Ромашка»" });
  const contractor = await buildContractor(db, {
    companyId: company.id,
    name: "Иван Петров",
    status: "active",
    accepted: true,
  });
  await fundCompany({ context }, company, ((count * AMOUNT_MINOR * 1.03 + 100_000) / 100).toFixed(2));
  const ids = await insertTasks(context, {
    company,
    contractorId: contractor.id,
    count,
    status: "completed",
    amountMinor: AMOUNT_MINOR,
  });
  for (const part of chunks(ids, 500)) {
    await transact(context, async (tx) => {
      await reserveForTasks(tx, {
        companyId: company.id,
        actorUserId: owner.id,
        taskIds: part,
        refuse: (taskId) => {
          throw new Error(`task ${taskId} was refused`);
        },
      });
      await payForTasks(tx, { companyId: company.id, taskIds: part });
    });
  }
  return ids;
}

async function issueAll(context, ids) {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  let issued = 0;
  const started = performance.now();
  for (const id of ids) {
    issued += await transact(context, (tx) => issueActs(tx, id));
    await nextTurn();
  }
  const seconds = (performance.now() - started) / 1000;
  delay.disable();
  const stored = await context.database.db
    .selectFrom("documents")
    .select((eb) => [eb.fn.countAll().as("n"), eb.fn.max("number").as("last")])
    .executeTakeFirstOrThrow();
  return {
    tasks: ids.length,
    actsIssued: issued,
    actsPerSecond: round(issued / seconds),
    seconds: round(seconds),
    stored: Number(stored.n),
    lastNumber: stored.last,
    eventLoopDelayMs: {
      p50: round(delay.percentile(50) / 1e6),
      p99: round(delay.percentile(99) / 1e6),
      max: round(delay.max / 1e6),
    },
    peakRssMiB: rssMiB(),
  };
}

const rendering = await renderOnly();
const fresh = await freshDatabase(dialect);
const database = openDatabase(fresh.url);
try {
  await migrateToLatest(database);
  const config = loadConfig({
    DATABASE_URL: fresh.url,
    NODE_ENV: "test",
    PAYMENTS: "prepaid",
    PLATFORM_FEE_PERCENT: "2.5",
  });
  const context = createAppContext({ config, database, bus: createInProcessBus() });
  const ids = await seedPaidTasks(context, taskCount);
  const issuing = await issueAll(context, ids);
  if (issuing.actsIssued !== 2 * taskCount)
    throw new Error(`expected ${2 * taskCount} acts, issued ${issuing.actsIssued}`);
  report(`documents-${dialect}`, { machine: machine(), database: fresh.label, rendering, issuing });
} finally {
  await database.close();
  await fresh.drop();
}
