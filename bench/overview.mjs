// The company's Overview (GET /api/companies/:cid/overview) of a company holding 100,000 contractors and
// 300,000 tasks, with a neighbour company beside it: p99 latency at 20 connections with autocannon (run in a
// process of its own), the app's CPU time per request, and the query plans of its grouped counts.
//
//   node --import tsx bench/overview.mjs sqlite
//   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test node --import tsx bench/overview.mjs postgres
//
// CONTRACTORS=… and TASKS=… change the size, DURATION=… the seconds of load, PLANS_ONLY=1 skips the load.
import SQLite from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect } from "kysely";
import pg from "pg";
import { newId } from "../src/server/db/ids.ts";
import { companyOverview } from "../src/server/overview/queries.ts";
import { createBenchCompany, openFreshDatabase, startAppInProcess } from "./lib/app-in-process.mjs";
import { loadInChild, machine, ownCpuMs } from "./lib/bench.mjs";
import { planRecorder } from "./lib/plans.mjs";
import { insertInChunks, seedContractors, settleAfterBulkLoad } from "./lib/seed.mjs";

const dialect = process.argv[2] ?? "sqlite";
const CONTRACTORS = Number(process.env.CONTRACTORS ?? 100_000);
const TASKS = Number(process.env.TASKS ?? 300_000);
const DURATION = Number(process.env.DURATION ?? 10);
const TODAY = "2027-06-30";

const fresh = await openFreshDatabase(dialect);
const { database } = fresh;
const { owner, company, neighbour } = await createBenchCompany(database, { neighbour: true });

/** 70 % active, 25 % invited, 5 % removed, as a long-lived team. */
function seedTeam(companyId, count, label) {
  return seedContractors(database, {
    companyId,
    invitedBy: owner.id,
    count,
    searchable: false,
    person: (i) => {
      const r = i % 20;
      return {
        name: `Contractor ${i}`,
        email: `${label}.${i}@example.com`,
        status: r < 14 ? "active" : r < 19 ? "invited" : "removed",
      };
    },
  });
}

const STATUSES = [
  "completed",
  "completed",
  "completed",
  "in_progress",
  "offered",
  "in_review",
  "draft",
  "declined",
  "cancelled",
];
const TASK_COLUMNS = [
  "id",
  "company_id",
  "number",
  "title",
  "description",
  "status",
  "contractor_id",
  "amount_minor",
  "currency",
  "deadline",
  "created_by",
  "created_at",
  "updated_at",
  "search_text",
];
const TASK_TYPES = [
  "text",
  "text",
  "int",
  "text",
  "text",
  "text",
  "text",
  "bigint",
  "text",
  "date",
  "text",
  "timestamptz",
  "timestamptz",
  "text",
];

async function seedTasks(companyId, count, contractors) {
  const base = Date.now() - count * 10;
  await insertInChunks(
    database,
    count,
    20_000,
    { tasks: { columns: TASK_COLUMNS, types: TASK_TYPES } },
    (from, to) => {
      const tasks = [];
      for (let i = from; i < to; i++) {
        const at = new Date(base + i * 10).toISOString();
        tasks.push([
          newId(base + i * 10),
          companyId,
          i + 1,
          `Task ${i}`,
          "",
          STATUSES[i % STATUSES.length],
          contractors[i % contractors.length],
          100 * (1 + (i % 5000)),
          i % 5 === 0 ? "EUR" : "USD",
          // Deadlines over three years from 2026: about half are past on TODAY.
          new Date(Date.UTC(2026, 0, 1 + (i % 1095))).toISOString().slice(0, 10),
          owner.id,
          at,
          at,
          "",
        ]);
      }
      return { tasks };
    },
  );
  await database.db
    .insertInto("task_counters")
    .values({ company_id: companyId, last_number: count })
    .execute();
}

const seedStarted = performance.now();
const team = await seedTeam(company.id, CONTRACTORS, "c");
const neighbours = await seedTeam(neighbour.id, 10_000, "n");
await seedTasks(company.id, TASKS, team);
await seedTasks(neighbour.id, 30_000, neighbours);
await settleAfterBulkLoad(database);
const seedMs = Math.round(performance.now() - seedStarted);

// Each query's time alone, once warm: which of them the answer waits for.
const timings = [];
const timed = new Kysely({
  dialect:
    dialect === "postgres"
      ? new PostgresDialect({ pool: new pg.Pool({ connectionString: database.url, max: 1 }) })
      : new SqliteDialect({ database: new SQLite(database.url.slice("sqlite:".length)) }),
  log: (e) => timings.push({ sql: e.query.sql.slice(0, 60), ms: Number(e.queryDurationMillis.toFixed(1)) }),
});
await companyOverview(timed, dialect, company.id, TODAY);
timings.length = 0;
await companyOverview(timed, dialect, company.id, TODAY);
const queryMs = [...timings];
await timed.destroy();

const recorder = planRecorder(
  database,
  dialect === "postgres" ? { explainPostgres: "EXPLAIN (ANALYZE, BUFFERS) " } : {},
);
const { ms: oneRunMs, text: plans } = await recorder.plansOf((logged) =>
  companyOverview(logged, dialect, company.id, TODAY),
);
await recorder.destroy();

const server = await startAppInProcess(database);
const cookie = await server.cookieFor(owner.id);
const url = `${server.url}/api/companies/${company.id}/overview?today=${TODAY}`;
let result = null;
if (!process.env.PLANS_ONLY) {
  const cpuBefore = ownCpuMs();
  const load = await loadInChild(url, { duration: DURATION, cookie });
  result = { ...load, appCpuMsPerRequest: Number(((ownCpuMs() - cpuBefore) / load.requests).toFixed(2)) };
}

console.log(
  JSON.stringify(
    {
      benchmark: "overview",
      database: dialect,
      contractors: CONTRACTORS,
      tasks: TASKS,
      seedMs,
      oneRunMs: Number(oneRunMs.toFixed(1)),
      queryMs,
      connections: 20,
      durationSeconds: DURATION,
      result,
      machine: machine(),
    },
    null,
    2,
  ),
);
console.log(`\n${plans}`);

await server.close();
await fresh.destroy();
