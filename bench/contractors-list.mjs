// The contractors list of a company holding 100,000 contractors: plain, by status, and search + status
// filter; p99 latency at 20 connections with autocannon (run in a process of its own).
//
//   node --import tsx bench/contractors-list.mjs sqlite
//   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test node --import tsx bench/contractors-list.mjs postgres
//
// Also prints the query plan of the search + status query on the database under test.
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
import { listContractors } from "../src/server/contractors/list-contractors.ts";
import { newId } from "../src/server/db/ids.ts";
import { createInProcessBus } from "../src/server/events/bus.ts";
import { sessionCookieName } from "../src/server/http/auth-context.ts";
import { buildCompany, buildUser } from "../test/support/factories.ts";
import { createTestDatabase } from "../test/support/test-database.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dialect = process.argv[2] ?? "sqlite";
const TOTAL = Number(process.env.CONTRACTORS ?? 100_000);
const DURATION = Number(process.env.DURATION ?? 10);

const FIRST = [
  "Anna",
  "Boris",
  "Chloe",
  "David",
  "Elena",
  "Farid",
  "Greta",
  "Hiro",
  "Ines",
  "Jonas",
  "Kira",
  "Liam",
  "Maya",
  "Noah",
  "Olga",
  "Pablo",
  "Qi",
  "Rosa",
  "Sven",
  "Tara",
  "Umar",
  "Vera",
  "Wen",
  "Xenia",
  "Yusuf",
  "Zoe",
  "Jörg",
  "Ирина",
  "Дмитрий",
  "Łucja",
];
const LAST = [
  "Smith",
  "Müller",
  "Garcia",
  "Kowalski",
  "Ivanova",
  "Tanaka",
  "Rossi",
  "Dubois",
  "Novak",
  "Jensen",
  "Silva",
  "Kim",
  "Nguyen",
  "O'Brien",
  "Haddad",
  "Larsen",
  "Costa",
  "Weber",
  "Petrov",
  "Fischer",
];

const testDb = await createTestDatabase(dialect);
const { database } = testDb;
const { db } = database;
const owner = await buildUser(db, { email: "owner@bench.test", name: "Bench Owner" });
const company = await buildCompany(db, { owner, name: "Big Company" });
// A second company of the same size would only add rows the index skips; one neighbour keeps it honest.
const neighbour = await buildCompany(db, { owner: await buildUser(db, { email: "n@bench.test" }) });

async function seed(companyId, count, label) {
  const started = performance.now();
  const base = Date.now() - count * 1000;
  const iso = new Date().toISOString();
  const CHUNK = 1000;
  for (let from = 0; from < count; from += CHUNK) {
    const users = [];
    const contractors = [];
    const terms = [];
    for (let i = from; i < Math.min(count, from + CHUNK); i++) {
      const first = FIRST[i % FIRST.length];
      const last = LAST[Math.floor(i / FIRST.length) % LAST.length];
      const email = `${label}.${i}@example${i % 7}.com`;
      const userId = newId(base + i * 1000);
      const id = newId(base + i * 1000);
      const r = i % 20;
      const status = r < 14 ? "active" : r < 19 ? "invited" : "removed";
      users.push({
        id: userId,
        email,
        name: `${first} ${last}`,
        password_hash: null,
        email_verified_at: null,
        platform_role: null,
        password_changed_at: null,
        created_at: iso,
        updated_at: iso,
      });
      contractors.push({
        id,
        company_id: companyId,
        user_id: userId,
        status,
        invited_by: owner.id,
        welcome_message: null,
        invited_at: iso,
        accepted_at: status === "invited" ? null : iso,
        activated_at: status === "active" ? iso : null,
        removed_at: status === "removed" ? iso : null,
        invitation_email_id: null,
        created_at: iso,
        updated_at: iso,
      });
      for (const term of searchTermsOf(`${first} ${last}`, email))
        terms.push({ entity: "contractor", entity_id: id, company_id: companyId, term });
    }
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < users.length; i += 500)
        await trx
          .insertInto("users")
          .values(users.slice(i, i + 500))
          .execute();
      for (let i = 0; i < contractors.length; i += 500)
        await trx
          .insertInto("contractors")
          .values(contractors.slice(i, i + 500))
          .execute();
      for (let i = 0; i < terms.length; i += 2000)
        await trx
          .insertInto("search_terms")
          .values(terms.slice(i, i + 2000))
          .execute();
    });
  }
  return Math.round(performance.now() - started);
}

const seedMs = (await seed(company.id, TOTAL, "c")) + (await seed(neighbour.id, 10_000, "n"));
await sql`ANALYZE`.execute(db);

const config = loadConfig({ APP_URL: "http://bench.local", NODE_ENV: "test" });
const app = await buildApp({ config, database, bus: createInProcessBus() }, { logger: false });
await app.listen({ port: 0, host: "127.0.0.1" });
const base = `http://127.0.0.1:${app.server.address().port}`;
const cookie = `${sessionCookieName(config)}=${await createSession(db, owner.id)}`;

// The plans the database chooses for what listContractors runs, captured through Kysely's query log.
const captured = [];
const logged =
  dialect === "postgres"
    ? new Kysely({
        dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: database.url, max: 1 }) }),
        log: (e) => captured.push(e.query),
      })
    : new Kysely({
        dialect: new SqliteDialect({ database: new SQLite(database.url.slice("sqlite:".length)) }),
        log: (e) => captured.push(e.query),
      });
async function plansOf(input) {
  captured.length = 0;
  await listContractors(logged, { companyId: company.id, ...input });
  const plans = [];
  for (const query of [...captured]) {
    const explain = dialect === "postgres" ? "EXPLAIN ANALYZE " : "EXPLAIN QUERY PLAN ";
    const result = await logged.executeQuery({ ...query, sql: explain + query.sql });
    plans.push(`${query.sql}\n  ${result.rows.map((r) => r["QUERY PLAN"] ?? r.detail).join("\n  ")}`);
  }
  return plans.join("\n");
}
const plans = [];
for (const [name, input] of [
  ["first page", {}],
  ["q=ann & status=active (many matches)", { q: "ann", status: "active" }],
  ["q=c.4242 (few matches)", { q: "c.4242" }],
]) {
  plans.push(`## ${name}\n${await plansOf(input)}`);
}
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

const list = `${base}/api/companies/${company.id}/contractors`;
const firstPage = await listContractors(db, { companyId: company.id, status: "active" });
const deep = await listContractors(db, {
  companyId: company.id,
  cursor: newId(Date.now() - (TOTAL / 2) * 1000 * 1000),
});
const scenarios = {
  "first page (invited + active)": list,
  "status=active": `${list}?status=active`,
  "q=ann & status=active (3% of rows)": `${list}?q=ann&status=active`,
  "q=smith & status=invited": `${list}?q=smith&status=invited`,
  "q=c.4242 (one row)": `${list}?q=c.4242`,
  "q=example3 & status=active (1/7 of rows)": `${list}?q=example3&status=active`,
  "page in the middle (cursor)": `${list}?status=active&cursor=${deep.items[0]?.id ?? firstPage.nextCursor}`,
};
const results = {};
// PLANS_ONLY=1 prints the query plans without the load test.
if (!process.env.PLANS_ONLY) {
  for (const [name, url] of Object.entries(scenarios)) {
    const cpu0 = process.cpuUsage();
    const result = await autocannon(url);
    const cpu = process.cpuUsage(cpu0);
    // The app's CPU time per request: what a busy shared machine distorts far less than latency.
    results[name] = {
      ...result,
      appCpuMsPerRequest: Number(((cpu.user + cpu.system) / 1000 / result.requests).toFixed(2)),
    };
  }
}

console.log(
  JSON.stringify(
    {
      benchmark: "contractors-list",
      database: dialect,
      contractors: TOTAL,
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
