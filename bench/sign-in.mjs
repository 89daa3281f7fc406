// POST /api/auth/sign-in throughput: bound by argon2id (m=19 MiB, t=2, p=1) on the libuv thread pool.
// The rate limits are raised through the environment for the run, so every attempt reaches the hash.
//
//   node bench/sign-in.mjs                       # SQLite
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node bench/sign-in.mjs
//
// BENCH_DURATION (seconds, default 20) and BENCH_CONNECTIONS (default 20) change the run.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import pg from "pg";

const duration = Number(process.env.BENCH_DURATION ?? 20);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 20);
const root = path.resolve(import.meta.dirname, "..");

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
    const result = await client.query(sql);
    await client.end();
    return result;
  };
  await run(`CREATE DATABASE ${name}`);
  const version = (await run("SHOW server_version")).rows[0].server_version;
  const url = new URL(admin);
  url.pathname = `/${name}`;
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

const database = await freshDatabase();
const port = 3903;
const appUrl = `http://127.0.0.1:${port}`;
const unlimited = "1000000000";
const child = spawn(process.execPath, ["--import", "tsx", "src/server/main.ts"], {
  cwd: root,
  env: {
    ...process.env,
    PORT: String(port),
    HOST: "127.0.0.1",
    APP_URL: appUrl,
    DATABASE_URL: database.url,
    LOG_LEVEL: "warn",
    NODE_ENV: "development",
    RATE_LIMIT_SIGN_IN_ACCOUNT_MAX: unlimited,
    RATE_LIMIT_SIGN_IN_IP_MAX: unlimited,
  },
  stdio: ["ignore", "ignore", "inherit"],
});
let result;
try {
  await waitUntilUp(`${appUrl}/api/health`);
  const credentials = { email: "bench@example.com", password: "bench passphrase 1" };
  const signUp = await fetch(`${appUrl}/api/auth/sign-up`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: appUrl },
    body: JSON.stringify({ accountType: "contractor", name: "Bench", ...credentials }),
  });
  if (signUp.status !== 201) throw new Error(`sign-up answered ${signUp.status}: ${await signUp.text()}`);
  const cpuBefore = cpuMs(child.pid);
  result = await autocannon({
    url: `${appUrl}/api/auth/sign-in`,
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(credentials),
    connections,
    duration,
  });
  result.serverCpuMs = cpuMs(child.pid) - cpuBefore;
} finally {
  await new Promise((resolve) => {
    child.once("exit", resolve);
    child.kill("SIGTERM");
  });
  await database.drop();
}

const machine = {
  nproc: os.availableParallelism(),
  cpu: os.cpus()[0]?.model,
  node: process.version,
  uvThreadpoolSize: process.env.UV_THREADPOOL_SIZE ?? "4 (default)",
  loadavg: os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" "),
};
const figures = {
  signInsPerSecond: Number(result.requests.average.toFixed(1)),
  serverCpuMsPerSignIn: Number((result.serverCpuMs / result.requests.total).toFixed(1)),
  p50Ms: result.latency.p50,
  p99Ms: result.latency.p99,
  ok: result["2xx"],
  non2xx: result.non2xx,
  errors: result.errors,
};
console.log(
  JSON.stringify(
    {
      bench: "POST /api/auth/sign-in",
      database: database.label,
      connections,
      durationSeconds: duration,
      machine,
      figures,
    },
    null,
    2,
  ),
);
console.log(
  `| POST /api/auth/sign-in (${database.label}) | ${figures.signInsPerSecond} sign-ins/s | p99 ${figures.p99Ms} ms | ${figures.serverCpuMsPerSignIn} ms CPU/sign-in | ${figures.non2xx} non-2xx |`,
);
