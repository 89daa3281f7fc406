// The session read of every request, in process, without HTTP: alone (personal requests such as /api/me)
// and with the membership of the company a URL names (every /api/companies/:cid/… request).
//
//   node --import tsx bench/session-read.mjs sqlite
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node --import tsx bench/session-read.mjs postgres
//
// READS=… sets the reads per round (default 20,000 on SQLite, 5,000 on PostgreSQL); five rounds of each kind
// alternate, and the median round's µs per read is printed.
import { createSession, readSession } from "../src/server/auth/sessions.ts";
import { createBenchCompany, openFreshDatabase } from "./lib/app-in-process.mjs";
import { machine, median } from "./lib/bench.mjs";

const dialect = process.argv[2] ?? "sqlite";
const READS = Number(process.env.READS ?? (dialect === "sqlite" ? 20_000 : 5_000));
const ROUNDS = 5;

const fresh = await openFreshDatabase(dialect);
const { db } = fresh.database;
const { owner, company } = await createBenchCompany(fresh.database);
const token = await createSession(db, owner.id);

/** µs per read over one round of sequential reads. */
async function round(options) {
  const started = performance.now();
  for (let i = 0; i < READS; i++) {
    const read = await readSession(db, token, options);
    if (!read || (options.companyId && !read.membership)) throw new Error("the session read found nothing");
  }
  return ((performance.now() - started) * 1000) / READS;
}

await round({});
await round({ companyId: company.id });
const alone = [];
const withMembership = [];
for (let i = 0; i < ROUNDS; i++) {
  alone.push(await round({}));
  withMembership.push(await round({ companyId: company.id }));
}
const fixed = (values) => values.map((v) => Number(v.toFixed(1)));
console.log(
  JSON.stringify(
    {
      benchmark: "session-read",
      database: fresh.label,
      readsPerRound: READS,
      sessionAloneMicros: { median: Number(median(alone).toFixed(1)), rounds: fixed(alone) },
      withMembershipMicros: {
        median: Number(median(withMembership).toFixed(1)),
        rounds: fixed(withMembership),
      },
      machine: machine(),
    },
    null,
    2,
  ),
);
await fresh.destroy();
