// The task form's Contractor picker: GET /api/companies/:cid/contractors?q=…&limit=20 as the user types, over a
// company of 100,000 contractors; p99 latency at 20 connections with autocannon (run in a process of its own).
//
//   node --import tsx bench/contractor-picker.mjs sqlite
//   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test node --import tsx bench/contractor-picker.mjs postgres
//
// Seeds with batched inserts in transactions (SQLite: prepared statements; PostgreSQL: multi-row INSERT from
// unnest() arrays). CONTRACTORS=… changes the size, DURATION=… the seconds per scenario.
import { spawn } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import SQLite from "better-sqlite3";
import { sql } from "kysely";
import pg from "pg";
import { searchTermsOf } from "../src/common/search.ts";
import { buildApp } from "../src/server/app.ts";
import { createSession } from "../src/server/auth/sessions.ts";
import { loadConfig } from "../src/server/config.ts";
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
const STATUSES = [
  "active",
  "active",
  "active",
  "active",
  "active",
  "active",
  "invited",
  "invited",
  "invited",
  "removed",
];

const testDb = await createTestDatabase(dialect);
const { database } = testDb;
const { db } = database;
const owner = await buildUser(db, { email: "owner@bench.test", name: "Bench Owner" });
const company = await buildCompany(db, { owner, name: "Big Company" });

/** Users, contractor relations and search words (name and email) of one chunk, as the app writes them. */
function makeContractors(from, to) {
  const base = Date.now() - TOTAL * 10;
  const users = [];
  const contractors = [];
  const terms = [];
  for (let i = from; i < to; i++) {
    const at = new Date(base + i * 10).toISOString();
    const name = `${FIRST[(i * 7) % FIRST.length]} ${LAST[(i * 13) % LAST.length]}`;
    const email = `c.${i}@example${i % 7}.com`;
    const userId = newId(base + i * 10);
    const id = newId(base + i * 10);
    const status = STATUSES[(i * 3) % STATUSES.length];
    users.push([userId, email, name, at]);
    contractors.push([
      id,
      company.id,
      userId,
      status,
      owner.id,
      at,
      status === "invited" ? null : at,
      status === "active" ? at : null,
      status === "removed" ? at : null,
    ]);
    for (const term of searchTermsOf(name, email)) terms.push([id, company.id, term]);
  }
  return { users, contractors, terms };
}

const CHUNK = 10_000;
const USER_SQL =
  "INSERT INTO users (id, email, name, password_hash, email_verified_at, platform_role, password_changed_at, created_at, updated_at)";
const CONTRACTOR_SQL =
  "INSERT INTO contractors (id, company_id, user_id, status, invited_by, invited_at, accepted_at, activated_at, removed_at, created_at, updated_at)";

async function seedSqlite() {
  const raw = new SQLite(database.url.slice("sqlite:".length));
  raw.pragma("journal_mode = WAL");
  raw.pragma("synchronous = OFF");
  const user = raw.prepare(`${USER_SQL} VALUES (?, ?, ?, NULL, ?4, NULL, NULL, ?4, ?4)`);
  const contractor = raw.prepare(`${CONTRACTOR_SQL} VALUES (?, ?, ?, ?, ?, ?6, ?, ?, ?, ?6, ?6)`);
  const term = raw.prepare(
    "INSERT INTO search_terms (entity, entity_id, company_id, term) VALUES ('contractor', ?, ?, ?)",
  );
  const insertChunk = raw.transaction((rows) => {
    for (const r of rows.users) user.run(r);
    for (const r of rows.contractors) contractor.run(r);
    for (const r of rows.terms) term.run(r);
  });
  for (let from = 0; from < TOTAL; from += CHUNK)
    insertChunk(makeContractors(from, Math.min(TOTAL, from + CHUNK)));
  raw.close();
}

async function seedPostgres() {
  const pool = new pg.Pool({ connectionString: database.url, max: 1 });
  const columns = (rows, n) => Array.from({ length: n }, (_, c) => rows.map((r) => r[c]));
  for (let from = 0; from < TOTAL; from += CHUNK) {
    const { users, contractors, terms } = makeContractors(from, Math.min(TOTAL, from + CHUNK));
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      await client.query(
        `${USER_SQL} SELECT u.id, u.email, u.name, NULL, u.at, NULL, NULL, u.at, u.at
         FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[]) AS u(id, email, name, at)`,
        columns(users, 4),
      );
      await client.query(
        `${CONTRACTOR_SQL} SELECT c.id, c.company_id, c.user_id, c.status, c.invited_by, c.at, c.accepted_at,
           c.activated_at, c.removed_at, c.at, c.at
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[],
           $7::timestamptz[], $8::timestamptz[], $9::timestamptz[])
           AS c(id, company_id, user_id, status, invited_by, at, accepted_at, activated_at, removed_at)`,
        columns(contractors, 9),
      );
      await client.query(
        `INSERT INTO search_terms (entity, entity_id, company_id, term)
         SELECT 'contractor', * FROM unnest($1::text[], $2::text[], $3::text[])`,
        columns(terms, 3),
      );
      await client.query("COMMIT");
    } finally {
      client.release();
    }
  }
  await pool.end();
}

const seedStarted = performance.now();
await (dialect === "postgres" ? seedPostgres() : seedSqlite());
await sql`ANALYZE`.execute(db);
const seedMs = Math.round(performance.now() - seedStarted);

const config = loadConfig({ APP_URL: "http://bench.local", NODE_ENV: "test" });
const app = await buildApp({ config, database, bus: createInProcessBus() }, { logger: false });
await app.listen({ port: 0, host: "127.0.0.1" });
const base = `http://127.0.0.1:${app.server.address().port}`;
const cookie = `${sessionCookieName(config)}=${await createSession(db, owner.id)}`;

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

// What a user types into the picker, keystroke by keystroke: one letter matches a third of the team.
const picker = `${base}/api/companies/${company.id}/contractors`;
const scenarios = {
  "q=a (one letter)": "a",
  "q=an": "an",
  "q=ann": "ann",
  "q=smith": "smith",
  "q=ири (Cyrillic)": "ири",
  "q=müll": "müll",
  "q=c.4242 (email, one row)": "c.4242",
  "q=example3 (1/7 of rows)": "example3",
};
const results = {};
for (const [name, q] of Object.entries(scenarios)) {
  const url = `${picker}?limit=20&q=${encodeURIComponent(q)}`;
  const check = await fetch(url, { headers: { cookie } });
  if (check.status !== 200) throw new Error(`${url}: ${check.status} ${await check.text()}`);
  const body = await check.json();
  results[name] = { items: body.items.length, ...(await autocannon(url)) };
}

console.log(
  JSON.stringify(
    {
      benchmark: "contractor-picker",
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

await app.close();
await testDb.destroy();
