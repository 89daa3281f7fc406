// GET /api/me throughput and p99 (autocannon, 20 connections, 20 s) beside a bare Fastify hello-world
// measured in the same run: the ceiling this machine allows.
//
//   node bench/me.mjs                                               # SQLite (a fresh file)
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node bench/me.mjs   # a fresh PostgreSQL database
//
// BENCH_DURATION (seconds, default 20), BENCH_CONNECTIONS (default 20) and BENCH_WARM_UP (seconds of
// unmeasured load first, default 5) change the run.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import pg from "pg";

const duration = Number(process.env.BENCH_DURATION ?? 20);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 20);
const warmUp = Number(process.env.BENCH_WARM_UP ?? 5);
const root = path.resolve(import.meta.dirname, "..");

/** A database of its own for the run: a temporary SQLite file, or a new PostgreSQL database. */
async function freshDatabase() {
  const admin = process.env.BENCH_DATABASE_URL;
  if (!admin) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "crewdesk-bench-"));
    return {
      url: `sqlite:${path.join(dir, "bench.sqlite")}`,
      label: "SQLite",
      drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `crewdesk_bench_${process.pid}`;
  const run = async (sql) => {
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    await client.query(sql);
    await client.end();
  };
  await run(`CREATE DATABASE ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const version = await (async () => {
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    const { rows } = await client.query("SHOW server_version");
    await client.end();
    return rows[0].server_version;
  })();
  return {
    url: url.toString(),
    label: `PostgreSQL ${version}`,
    drop: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/**
 * CPU time (user + system, all threads) a process has used so far, from /proc: on a machine shared with
 * other work, CPU per request is a steadier figure than requests per second.
 */
function cpuMs(pid) {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in USER_HZ (100)
  } catch {
    return Number.NaN;
  }
}

async function waitUntilUp(url) {
  const deadline = Date.now() + 120_000; // tsx compiles at start: slow on a busy machine
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    if (Date.now() > deadline) throw new Error(`${url} did not come up`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function start(args, env) {
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ["ignore", "ignore", "inherit"],
  });
  return {
    pid: child.pid,
    stop: () =>
      new Promise((resolve) => {
        child.once("exit", resolve);
        child.kill("SIGTERM");
      }),
  };
}

const helloWorld = `
import Fastify from "fastify";
const app = Fastify({ logger: false });
app.get("/", async () => ({ hello: "world" }));
await app.listen({ port: Number(process.env.PORT), host: "127.0.0.1" });
`;

/** Loads `url` and measures the server's CPU time over the run. */
async function load(pid, url, headers = {}) {
  // Warm-up first: the JIT and the statement caches settle before anything is measured.
  await autocannon({ url, connections, duration: warmUp, headers });
  const before = cpuMs(pid);
  const result = await autocannon({ url, connections, duration, headers });
  return { result, serverCpuMs: cpuMs(pid) - before };
}

function summary({ result, serverCpuMs }) {
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
const appPort = 3901;
const helloPort = 3902;
const appUrl = `http://127.0.0.1:${appPort}`;
const results = {};
try {
  const hello = start(["--input-type=module", "-e", helloWorld], { PORT: String(helloPort) });
  await waitUntilUp(`http://127.0.0.1:${helloPort}/`);
  results.helloWorld = summary(await load(hello.pid, `http://127.0.0.1:${helloPort}/`));
  await hello.stop();

  const app = start(["--import", "tsx", "src/server/main.ts"], {
    PORT: String(appPort),
    HOST: "127.0.0.1",
    APP_URL: appUrl,
    DATABASE_URL: database.url,
    LOG_LEVEL: "warn",
    NODE_ENV: "development",
  });
  try {
    await waitUntilUp(`${appUrl}/api/health`);
    const signUp = await fetch(`${appUrl}/api/auth/sign-up`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: appUrl },
      body: JSON.stringify({
        accountType: "company",
        email: "bench@example.com",
        password: "bench passphrase 1",
        name: "Bench",
        companyName: "Bench Co",
      }),
    });
    if (signUp.status !== 201) throw new Error(`sign-up answered ${signUp.status}: ${await signUp.text()}`);
    const cookie = signUp.headers.getSetCookie()[0].split(";")[0];
    const check = await fetch(`${appUrl}/api/me`, { headers: { cookie } });
    if (check.status !== 200) throw new Error(`/api/me answered ${check.status}`);
    results.me = summary(await load(app.pid, `${appUrl}/api/me`, { cookie }));
  } finally {
    await app.stop();
  }
} finally {
  await database.drop();
}

const machine = {
  nproc: os.availableParallelism(),
  cpu: os.cpus()[0]?.model,
  node: process.version,
  loadavg: os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" "),
};
console.log(
  JSON.stringify(
    {
      bench: "GET /api/me",
      database: database.label,
      connections,
      durationSeconds: duration,
      machine,
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
