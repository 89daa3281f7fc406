// The task list of one company holding 1,000,000 tasks: filtered pages (status + q, status + contractor) and a
// few others; p99 latency at 20 connections with autocannon (run in a process of its own).
//
//   node --import tsx bench/tasks-list.mjs sqlite
//   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test node --import tsx bench/tasks-list.mjs postgres
//
// Seeds with batched inserts in transactions (SQLite: prepared statements; PostgreSQL: multi-row INSERT from
// unnest() arrays), prints the seed time, every scenario's latency, and the query plans of the filtered pages.
// TASKS=… changes the size, DURATION=… the seconds per scenario, PLANS_ONLY=1 skips the load.
import { spawn } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import SQLite from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect, sql } from "kysely";
import pg from "pg";
import { searchTermsOf } from "../src/common/search.ts";
import { buildApp } from "../src/server/app.ts";
import { createSession } from "../src/server/auth/sessions.ts";
import { loadConfig } from "../src/server/config.ts";
import { newId } from "../src/server/db/ids.ts";
import { createInProcessBus } from "../src/server/events/bus.ts";
import { sessionCookieName } from "../src/server/http/auth-context.ts";
import { listCompanyTasks } from "../src/server/tasks/list-tasks.ts";
import { buildCompany, buildUser } from "../test/support/factories.ts";
import { createTestDatabase } from "../test/support/test-database.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dialect = process.argv[2] ?? "sqlite";
const TOTAL = Number(process.env.TASKS ?? 1_000_000);
const CONTRACTORS = 1000;
const DURATION = Number(process.env.DURATION ?? 10);

const VERBS = [
  "Translate",
  "Design",
  "Write",
  "Review",
  "Edit",
  "Record",
  "Illustrate",
  "Test",
  "Build",
  "Fix",
  "Update",
  "Localize",
  "Proofread",
  "Animate",
  "Publish",
  "Research",
  "Draft",
  "Film",
  "Migrate",
  "Audit",
];
const OBJECTS = [
  "logo",
  "landing page",
  "user guide",
  "release notes",
  "newsletter",
  "banner",
  "podcast",
  "video",
  "checkout flow",
  "onboarding",
  "pricing table",
  "FAQ",
  "blog post",
  "press kit",
  "app icon",
  "sign-up form",
  "invoice template",
  "product photos",
  "case study",
  "survey",
  "brochure",
  "menu",
  "sales deck",
  "wiki page",
  "API reference",
  "tutorial",
  "webinar",
  "email campaign",
  "style guide",
  "mascot",
  "report",
  "dashboard",
  "data export",
  "slide deck",
  "catalogue",
  "job ad",
  "product tour",
  "help article",
  "error messages",
  "subtitles",
  "voice-over",
  "storyboard",
  "wireframes",
  "font pairing",
  "icon set",
  "map",
  "timeline",
  "glossary",
  "contract",
  "Übersetzung",
];
const QUALIFIERS = [
  "for spring",
  "for the launch",
  "in German",
  "in Spanish",
  "in Japanese",
  "for mobile",
  "for partners",
  "for Q3",
  "v2",
  "draft",
  "final",
  "quick fix",
  "for the board",
  "for Berlin",
  "for Tokyo",
  "for retail",
  "for kids",
  "in French",
  "for export",
  "for support",
];
// Half the tasks are completed: a long-lived company's list is mostly history.
const STATUSES = [
  "completed",
  "completed",
  "completed",
  "completed",
  "completed",
  "completed",
  "completed",
  "completed",
  "completed",
  "completed",
  "in_progress",
  "in_progress",
  "in_progress",
  "offered",
  "offered",
  "in_review",
  "draft",
  "draft",
  "declined",
  "cancelled",
];

const testDb = await createTestDatabase(dialect);
const { database } = testDb;
const { db } = database;
const owner = await buildUser(db, { email: "owner@bench.test", name: "Bench Owner" });
const company = await buildCompany(db, { owner, name: "Big Company" });
const neighbour = await buildCompany(db, { owner: await buildUser(db, { email: "n@bench.test" }) });

async function seedContractors(companyId, count, label) {
  const iso = new Date().toISOString();
  const ids = [];
  const users = [];
  const contractors = [];
  for (let i = 0; i < count; i++) {
    const userId = newId();
    const id = newId();
    ids.push(id);
    users.push({
      id: userId,
      email: `${label}.${i}@example.com`,
      name: `Contractor ${i}`,
      password_hash: null,
      email_verified_at: iso,
      platform_role: null,
      password_changed_at: null,
      created_at: iso,
      updated_at: iso,
    });
    contractors.push({
      id,
      company_id: companyId,
      user_id: userId,
      status: "active",
      invited_by: owner.id,
      welcome_message: null,
      invited_at: iso,
      accepted_at: iso,
      activated_at: iso,
      removed_at: null,
      invitation_email_id: null,
      created_at: iso,
      updated_at: iso,
    });
  }
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < count; i += 500) {
      await trx
        .insertInto("users")
        .values(users.slice(i, i + 500))
        .execute();
      await trx
        .insertInto("contractors")
        .values(contractors.slice(i, i + 500))
        .execute();
    }
  });
  return ids;
}

const contractorIds = await seedContractors(company.id, CONTRACTORS, "c");
const neighbourContractors = await seedContractors(neighbour.id, 10, "n");

/** A seeded PRNG (mulberry32): the same data on every run, without patterns between columns. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pick = (rand, list) => list[Math.floor(rand() * list.length)];

/** Rows of one chunk of tasks, and their search words as the app writes them. */
function makeTasks(companyId, from, to, count, contractors) {
  const rand = random(from + 1);
  const base = Date.now() - count * 10;
  const tasks = [];
  const terms = [];
  for (let i = from; i < to; i++) {
    const at = new Date(base + i * 10).toISOString();
    const title = `${pick(rand, VERBS)} ${pick(rand, OBJECTS)} ${pick(rand, QUALIFIERS)} ${i}`;
    const status = pick(rand, STATUSES);
    const id = newId(base + i * 10);
    tasks.push([
      id,
      companyId,
      i + 1,
      title,
      "",
      status,
      status === "draft" && rand() < 0.5 ? null : pick(rand, contractors),
      100 * (1 + Math.floor(rand() * 5000)),
      "USD",
      null,
      `Project ${Math.floor(rand() * 40)}`,
      `EXT-${i}`,
      owner.id,
      at,
      at,
    ]);
    for (const term of searchTermsOf(title)) terms.push([id, companyId, term]);
  }
  return { tasks, terms };
}

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
  "project",
  "external_id",
  "created_by",
  "created_at",
  "updated_at",
];
const CHUNK = 20_000;

async function seedSqlite(companyId, count, contractors) {
  const raw = new SQLite(database.url.slice("sqlite:".length));
  raw.pragma("journal_mode = WAL");
  raw.pragma("synchronous = OFF");
  const insertTask = raw.prepare(
    `INSERT INTO tasks (${TASK_COLUMNS.join(", ")}) VALUES (${TASK_COLUMNS.map(() => "?").join(", ")})`,
  );
  const insertTerm = raw.prepare(
    "INSERT INTO search_terms (entity, entity_id, company_id, term) VALUES ('task', ?, ?, ?)",
  );
  const insertChunk = raw.transaction((rows) => {
    for (const t of rows.tasks) insertTask.run(t);
    for (const t of rows.terms) insertTerm.run(t);
  });
  for (let from = 0; from < count; from += CHUNK)
    insertChunk(makeTasks(companyId, from, Math.min(count, from + CHUNK), count, contractors));
  raw.prepare("INSERT INTO task_counters (company_id, last_number) VALUES (?, ?)").run(companyId, count);
  raw.close();
}

async function seedPostgres(companyId, count, contractors) {
  const pool = new pg.Pool({ connectionString: database.url, max: 1 });
  const types = [
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
    "text",
    "text",
    "timestamptz",
    "timestamptz",
  ];
  for (let from = 0; from < count; from += CHUNK) {
    const { tasks, terms } = makeTasks(companyId, from, Math.min(count, from + CHUNK), count, contractors);
    const columns = TASK_COLUMNS.map((_, c) => tasks.map((t) => t[c]));
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      await client.query(
        `INSERT INTO tasks (${TASK_COLUMNS.join(", ")}) SELECT * FROM unnest(${types
          .map((type, i) => `$${i + 1}::${type}[]`)
          .join(", ")})`,
        columns,
      );
      await client.query(
        `INSERT INTO search_terms (entity, entity_id, company_id, term)
         SELECT 'task', * FROM unnest($1::text[], $2::text[], $3::text[])`,
        [terms.map((t) => t[0]), terms.map((t) => t[1]), terms.map((t) => t[2])],
      );
      await client.query("COMMIT");
    } finally {
      client.release();
    }
  }
  await pool.query("INSERT INTO task_counters (company_id, last_number) VALUES ($1, $2)", [companyId, count]);
  await pool.end();
}

const seedStarted = performance.now();
const seedTasks = dialect === "postgres" ? seedPostgres : seedSqlite;
await seedTasks(company.id, TOTAL, contractorIds);
await seedTasks(neighbour.id, 10_000, neighbourContractors);
await sql`ANALYZE`.execute(db);
const seedMs = Math.round(performance.now() - seedStarted);

const config = loadConfig({ APP_URL: "http://bench.local", NODE_ENV: "test" });
const app = await buildApp({ config, database, bus: createInProcessBus() }, { logger: false });
await app.listen({ port: 0, host: "127.0.0.1" });
const base = `http://127.0.0.1:${app.server.address().port}`;
const cookie = `${sessionCookieName(config)}=${await createSession(db, owner.id)}`;

// The plans the database chooses for what listCompanyTasks runs, captured through Kysely's query log.
const captured = [];
const logged = new Kysely({
  dialect:
    dialect === "postgres"
      ? new PostgresDialect({ pool: new pg.Pool({ connectionString: database.url, max: 1 }) })
      : new SqliteDialect({ database: new SQLite(database.url.slice("sqlite:".length)) }),
  log: (e) => captured.push(e.query),
});
async function plansOf(filter) {
  captured.length = 0;
  const started = performance.now();
  await listCompanyTasks({ db: logged, dialect }, company.id, filter);
  const ms = (performance.now() - started).toFixed(1);
  const plans = [];
  for (const query of [...captured]) {
    const explain = dialect === "postgres" ? "EXPLAIN (ANALYZE, BUFFERS) " : "EXPLAIN QUERY PLAN ";
    const result = await logged.executeQuery({ ...query, sql: explain + query.sql });
    plans.push(`${query.sql}\n  ${result.rows.map((r) => r["QUERY PLAN"] ?? r.detail).join("\n  ")}`);
  }
  return `(one run: ${ms} ms)\n${plans.join("\n")}`;
}

const someContractor = contractorIds[123];
const middle = await listCompanyTasks(database, company.id, {
  cursor: newId(Date.now() - TOTAL * 5),
  limit: 1,
});
const list = `${base}/api/companies/${company.id}/tasks`;
const scenarios = {
  "status=in_progress & q=translate (filtered page)": { status: "in_progress", q: "translate" },
  "status=offered & contractorId (filtered page)": { status: "offered", contractorId: someContractor },
  "status=in_review & q=logo": { status: "in_review", q: "logo" },
  "status=completed & contractorId": { status: "completed", contractorId: someContractor },
  "first page, no filter": {},
  "q=4242 (a few rows)": { q: "4242" },
  "q=t (one letter: most rows)": { q: "t" },
  "status=in_progress & q=übersetzung": { status: "in_progress", q: "übersetzung" },
  "project=Project 7 & status=draft": { project: "Project 7", status: "draft" },
  "page in the middle (cursor)": { cursor: middle.items[0]?.id },
};

const plans = [];
for (const name of [
  "status=in_progress & q=translate (filtered page)",
  "status=offered & contractorId (filtered page)",
  "q=t (one letter: most rows)",
])
  plans.push(`## ${name}\n${await plansOf(scenarios[name])}`);
await logged.destroy();

function autocannon(url) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        path.join(root, "node_modules/autocannon/autocannon.js"),
        "-c",
        "20",
        "-d",
        String(DURATION),
        "-j",
        "-H",
        `cookie=${cookie}`,
        url,
      ],
      { stdio: ["ignore", "pipe", "ignore"] },
    );
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.on("exit", (code) => {
      if (code !== 0) return reject(new Error(`autocannon exited with ${code}`));
      const r = JSON.parse(out);
      resolve({
        requests: r.requests.total,
        non2xx: r.non2xx,
        p50: r.latency.p50,
        p99: r.latency.p99,
        max: r.latency.max,
        rps: r.requests.average,
      });
    });
  });
}

const results = {};
if (!process.env.PLANS_ONLY)
  for (const [name, filter] of Object.entries(scenarios)) {
    const query = new URLSearchParams(Object.entries(filter).filter(([, v]) => v !== undefined)).toString();
    const url = query ? `${list}?${query}` : list;
    const check = await fetch(url, { headers: { cookie } });
    const body = await check.json();
    results[name] = { items: body.items?.length, ...(await autocannon(url)) };
  }

console.log(
  JSON.stringify(
    {
      benchmark: "tasks-list",
      database: dialect,
      tasks: TOTAL,
      contractors: CONTRACTORS,
      seedMs,
      connections: 20,
      durationSeconds: DURATION,
      results,
      machine: {
        nproc: os.cpus().length,
        cpu: os.cpus()[0]?.model,
        node: process.version,
        loadavg: os.loadavg().map((l) => l.toFixed(1)),
      },
    },
    null,
    2,
  ),
);
console.log(`\n${plans.join("\n\n")}`);

await app.close();
await testDb.destroy();
