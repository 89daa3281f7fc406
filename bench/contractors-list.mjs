// The contractors list of a company holding 100,000 contractors: plain, by status, and search + status
// filter; p99 latency at 20 connections with autocannon (run in a process of its own).
//
//   node --import tsx bench/contractors-list.mjs sqlite
//   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test node --import tsx bench/contractors-list.mjs postgres
//
// Also prints the query plan of the search + status query on the database under test.
// CONTRACTORS=… changes the size, DURATION=… the seconds per scenario, PLANS_ONLY=1 skips the load.
import { listContractors } from "../src/server/contractors/queries.ts";
import { newId } from "../src/server/db/ids.ts";
import { createBenchCompany, openFreshDatabase, startAppInProcess } from "./lib/app-in-process.mjs";
import { loadInChild, machine, ownCpuMs } from "./lib/bench.mjs";
import { FIRST_NAMES, LAST_NAMES } from "./lib/people.mjs";
import { planRecorder } from "./lib/plans.mjs";
import { seedContractors, settleAfterBulkLoad } from "./lib/seed.mjs";

const dialect = process.argv[2] ?? "sqlite";
const TOTAL = Number(process.env.CONTRACTORS ?? 100_000);
const DURATION = Number(process.env.DURATION ?? 10);

const fresh = await openFreshDatabase(dialect);
const { database } = fresh;
// A second company of the same size would only add rows the index skips; one neighbour keeps it honest.
const { owner, company, neighbour } = await createBenchCompany(database, { neighbour: true });

/** 70 % active, 25 % invited, 5 % removed; every name of the 30 × 20 in turn; seven email domains. */
function seed(companyId, count, label) {
  return seedContractors(database, {
    companyId,
    invitedBy: owner.id,
    count,
    spacingMs: 1000,
    person: (i) => {
      const r = i % 20;
      return {
        name: `${FIRST_NAMES[i % FIRST_NAMES.length]} ${LAST_NAMES[Math.floor(i / FIRST_NAMES.length) % LAST_NAMES.length]}`,
        email: `${label}.${i}@example${i % 7}.com`,
        status: r < 14 ? "active" : r < 19 ? "invited" : "removed",
      };
    },
  });
}

const seedStarted = performance.now();
await seed(company.id, TOTAL, "c");
await seed(neighbour.id, 10_000, "n");
const seedMs = Math.round(performance.now() - seedStarted);
await settleAfterBulkLoad(database);

const server = await startAppInProcess(database);
const cookie = await server.cookieFor(owner.id);

// The plans the database chooses for what listContractors runs.
const recorder = planRecorder(database);
const plans = [];
for (const [name, input] of [
  ["first page", {}],
  ["q=ann & status=active (many matches)", { q: "ann", status: "active" }],
  ["q=c.4242 (few matches)", { q: "c.4242" }],
]) {
  const { text } = await recorder.plansOf((logged) =>
    listContractors({ db: logged, dialect }, { companyId: company.id, ...input }),
  );
  plans.push(`## ${name}\n${text}`);
}
await recorder.destroy();

const list = `${server.url}/api/companies/${company.id}/contractors`;
const firstPage = await listContractors(database, { companyId: company.id, status: "active" });
const deep = await listContractors(database, {
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
if (!process.env.PLANS_ONLY) {
  for (const [name, url] of Object.entries(scenarios)) {
    const cpuBefore = ownCpuMs();
    const result = await loadInChild(url, { duration: DURATION, cookie });
    // The app's CPU time per request: what a busy shared machine distorts far less than latency.
    results[name] = {
      ...result,
      appCpuMsPerRequest: Number(((ownCpuMs() - cpuBefore) / result.requests).toFixed(2)),
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
      machine: machine(),
    },
    null,
    2,
  ),
);
console.log(`\n${plans.join("\n\n")}`);

await server.close();
await fresh.destroy();
