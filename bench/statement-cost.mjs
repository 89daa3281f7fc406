// What one statement costs the app's process on PostgreSQL, alone: LOOPS loops each sending `select $1::text`
// one after the other over a pool of CONNECTIONS, for DURATION seconds. Prints statements/s and this
// process's CPU per statement (the floor under every round trip a request makes).
//
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node bench/statement-cost.mjs
//   BENCH_DATABASE_URL='postgres://postgres@/postgres?host=/var/run/postgresql' node bench/statement-cost.mjs
//
// The second line goes through the Unix socket instead of loopback TCP.
import pg from "pg";
import { machine } from "./lib/bench.mjs";

const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (!url) throw new Error("set BENCH_DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/postgres");
const LOOPS = Number(process.env.LOOPS ?? 20);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 10);
const DURATION = Number(process.env.DURATION ?? 10);

const pool = new pg.Pool({ connectionString: url, max: CONNECTIONS });
const statement = { name: "statement-cost", text: "select $1::text as echo" };

async function loop(until, counter) {
  while (performance.now() < until) {
    await pool.query({ ...statement, values: ["crewdesk"] });
    counter.n++;
  }
}

async function run(seconds) {
  const counter = { n: 0 };
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(Array.from({ length: LOOPS }, () => loop(until, counter)));
  const elapsed = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  return {
    statementsPerSecond: Math.round(counter.n / elapsed),
    appCpuMicrosPerStatement: Number(((cpu.user + cpu.system) / counter.n).toFixed(1)),
    appSystemMicrosPerStatement: Number((cpu.system / counter.n).toFixed(1)),
  };
}

await run(1);
const result = await run(DURATION);
console.log(
  JSON.stringify(
    {
      benchmark: "statement-cost",
      transport: url.includes("host=/") ? "Unix socket" : "TCP",
      loops: LOOPS,
      connections: CONNECTIONS,
      durationSeconds: DURATION,
      ...result,
      machine: machine(),
    },
    null,
    2,
  ),
);
await pool.end();
