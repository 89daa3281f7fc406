// The task form's Contractor picker: GET /api/companies/:cid/contractors?q=…&limit=20 as the user types, over a
// company of 100,000 contractors; p99 latency at 20 connections with autocannon (run in a process of its own).
//
//   node --import tsx bench/contractor-picker.mjs sqlite
//   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test node --import tsx bench/contractor-picker.mjs postgres
//
// Seeds with batched inserts in transactions (SQLite: prepared statements; PostgreSQL: multi-row INSERT from
// unnest() arrays). CONTRACTORS=… changes the size, DURATION=… the seconds per scenario.
import { createBenchCompany, openFreshDatabase, startAppInProcess } from "./lib/app-in-process.mjs";
import { loadInChild, machine } from "./lib/bench.mjs";
import { FIRST_NAMES, LAST_NAMES } from "./lib/people.mjs";
import { seedContractors, settleAfterBulkLoad } from "./lib/seed.mjs";

const dialect = process.argv[2] ?? "sqlite";
const TOTAL = Number(process.env.CONTRACTORS ?? 100_000);
const DURATION = Number(process.env.DURATION ?? 10);

// 60 % active, 30 % invited, 10 % removed.
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

const fresh = await openFreshDatabase(dialect);
const { database } = fresh;
const { owner, company } = await createBenchCompany(database);

const seedStarted = performance.now();
await seedContractors(database, {
  companyId: company.id,
  invitedBy: owner.id,
  count: TOTAL,
  person: (i) => ({
    name: `${FIRST_NAMES[(i * 7) % FIRST_NAMES.length]} ${LAST_NAMES[(i * 13) % LAST_NAMES.length]}`,
    email: `c.${i}@example${i % 7}.com`,
    status: STATUSES[(i * 3) % STATUSES.length],
    verified: true,
  }),
});
await settleAfterBulkLoad(database);
const seedMs = Math.round(performance.now() - seedStarted);

const server = await startAppInProcess(database);
const cookie = await server.cookieFor(owner.id);

// What a user types into the picker, keystroke by keystroke: one letter matches a third of the team.
const picker = `${server.url}/api/companies/${company.id}/contractors`;
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
  results[name] = { items: body.items.length, ...(await loadInChild(url, { duration: DURATION, cookie })) };
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
      machine: machine(),
    },
    null,
    2,
  ),
);

await server.close();
await fresh.destroy();
