// GET /api/health of the real app (LOG_LEVEL=warn, SQLite) under autocannon, next to a bare Fastify
// hello-world in its own process, in the same run. Usage: node bench/health.mjs [seconds=20] [connections=20]
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { load, machine, repoRoot, report, startServer } from "./lib/bench.mjs";

const duration = Number(process.argv[2] ?? 20);
const connections = Number(process.argv[3] ?? 20);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "crewdesk-bench-health-"));

async function measure(name, command, env) {
  const server = await startServer({ command, env });
  try {
    // A short warm-up so both are measured after JIT and connection set-up.
    await load(`${server.url}/api/health`, { connections, duration: 2 });
    const result = await load(`${server.url}/api/health`, { connections, duration });
    console.error(`${name}: ${result.requestsPerSec.toFixed(0)} req/s, p99 ${result.p99Ms} ms`);
    return result;
  } finally {
    await server.stop();
  }
}

try {
  const app = await measure(
    "crewdesk",
    [process.execPath, "--import", "tsx", path.join(repoRoot, "src/server/main.ts")],
    { DATABASE_URL: `sqlite:${path.join(dir, "bench.sqlite")}`, LOG_LEVEL: "warn" },
  );
  const bare = await measure(
    "bare fastify",
    [process.execPath, path.join(repoRoot, "bench/hello-fastify.mjs")],
    {},
  );
  report("health", {
    machine: machine(),
    connections,
    durationSeconds: duration,
    crewdesk: app,
    bareFastify: bare,
    ratio: {
      requestsPerSec: Math.round((app.requestsPerSec / bare.requestsPerSec) * 100) / 100,
      p99: Math.round((app.p99Ms / bare.p99Ms) * 100) / 100,
    },
  });
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
