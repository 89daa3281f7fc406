// GET /api/me throughput and p99 (autocannon, 20 connections, 20 s) beside a bare Fastify hello-world
// measured in the same run: the ceiling this machine allows.
//
//   node bench/me.mjs                                               # SQLite (a fresh file)
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node bench/me.mjs   # a fresh PostgreSQL database
//
// BENCH_DURATION (seconds, default 20), BENCH_CONNECTIONS (default 20) and BENCH_WARM_UP (seconds of
// unmeasured load first, default 5) change the run.
import { signUp, startAppProcess } from "./lib/app-process.mjs";
import { loadWithServerCpu, machine, startServer } from "./lib/bench.mjs";
import { freshDatabase } from "./lib/database.mjs";

const duration = Number(process.env.BENCH_DURATION ?? 20);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 20);
const warmUp = Number(process.env.BENCH_WARM_UP ?? 5);

const helloWorld = `
import Fastify from "fastify";
const app = Fastify({ logger: false });
app.get("/", async () => ({ hello: "world" }));
await app.listen({ port: Number(process.env.PORT), host: "127.0.0.1" });
`;

/** Loads `url` on `server` and sums up what the docs report. */
async function measure(server, url, headers = {}) {
  const { result, serverCpuMs } = await loadWithServerCpu(server.child.pid, url, {
    connections,
    duration,
    warmUp,
    headers,
  });
  return {
    requestsPerSecond: Math.round(result.requests.average),
    serverCpuMicrosecondsPerRequest: Math.round((serverCpuMs * 1000) / result.requests.total),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

const database = await freshDatabase();
const results = {};
try {
  const hello = await startServer({
    command: [process.execPath, "--input-type=module", "-e", helloWorld],
    readyPath: "/",
  });
  try {
    results.helloWorld = await measure(hello, `${hello.url}/`);
  } finally {
    await hello.stop();
  }

  const app = await startAppProcess(database.url);
  try {
    const cookie = await signUp(app.url, {
      accountType: "company",
      email: "bench@example.com",
      password: "bench passphrase 1",
      name: "Bench",
      companyName: "Bench Co",
    });
    const check = await fetch(`${app.url}/api/me`, { headers: { cookie } });
    if (check.status !== 200) throw new Error(`/api/me answered ${check.status}`);
    results.me = await measure(app, `${app.url}/api/me`, { cookie });
  } finally {
    await app.stop();
  }
} finally {
  await database.drop();
}

console.log(
  JSON.stringify(
    {
      bench: "GET /api/me",
      database: database.label,
      connections,
      durationSeconds: duration,
      machine: machine(),
      results,
    },
    null,
    2,
  ),
);
const row = (name, r) =>
  `| ${name} | ${r.requestsPerSecond} req/s | p99 ${r.p99Ms} ms | ${r.serverCpuMicrosecondsPerRequest} µs CPU/request | ${r.non2xx} non-2xx |`;
console.log(row(`GET /api/me (${database.label})`, results.me));
console.log(row("hello-world ceiling", results.helloWorld));
console.log(
  `ratio: ${((results.me.requestsPerSecond / results.helloWorld.requestsPerSecond) * 100).toFixed(1)}% of the ceiling in requests/s, ${((results.helloWorld.serverCpuMicrosecondsPerRequest / results.me.serverCpuMicrosecondsPerRequest) * 100).toFixed(1)}% in CPU per request`,
);
