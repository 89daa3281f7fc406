// POST /api/auth/sign-in throughput: bound by argon2id (m=19 MiB, t=2, p=1) on the libuv thread pool.
// The rate limits are raised through the environment for the run, so every attempt reaches the hash.
//
//   node bench/sign-in.mjs                       # SQLite
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node bench/sign-in.mjs
//
// BENCH_DURATION (seconds, default 20) and BENCH_CONNECTIONS (default 20) change the run.
import { signUp, startAppProcess } from "./lib/app-process.mjs";
import { loadWithServerCpu, machine } from "./lib/bench.mjs";
import { freshDatabase } from "./lib/database.mjs";

const duration = Number(process.env.BENCH_DURATION ?? 20);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 20);
const unlimited = "1000000000";

const database = await freshDatabase();
let measured;
try {
  const app = await startAppProcess(database.url, {
    RATE_LIMIT_SIGN_IN_ACCOUNT_MAX: unlimited,
    RATE_LIMIT_SIGN_IN_ACCOUNT_IP_MAX: unlimited,
    RATE_LIMIT_SIGN_IN_IP_MAX: unlimited,
  });
  try {
    const credentials = { email: "bench@example.com", password: "bench passphrase 1" };
    await signUp(app.url, { accountType: "contractor", name: "Bench", ...credentials });
    measured = await loadWithServerCpu(app.child.pid, `${app.url}/api/auth/sign-in`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(credentials),
      connections,
      duration,
    });
  } finally {
    await app.stop();
  }
} finally {
  await database.drop();
}

const { result, serverCpuMs } = measured;
const figures = {
  signInsPerSecond: Number(result.requests.average.toFixed(1)),
  serverCpuMsPerSignIn: Number((serverCpuMs / result.requests.total).toFixed(1)),
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
      machine: machine(),
      figures,
    },
    null,
    2,
  ),
);
console.log(
  `| POST /api/auth/sign-in (${database.label}) | ${figures.signInsPerSecond} sign-ins/s | p99 ${figures.p99Ms} ms | ${figures.serverCpuMsPerSignIn} ms CPU/sign-in | ${figures.non2xx} non-2xx |`,
);
