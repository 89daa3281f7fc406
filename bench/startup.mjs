// Time from spawning `npm start` to the first 200 of GET /api/health.
// cold: no web build stamp (the web app is built) and an empty database (migrations run);
// warm: everything already built and migrated. Usage: node bench/startup.mjs [runs=3]
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { machine, median, repoRoot, report, startServer } from "./lib/bench.mjs";

const runs = Number(process.argv[2] ?? 3);
const stamp = path.join(repoRoot, "dist/web/.build-stamp");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "crewdesk-bench-startup-"));

async function once(kind, i) {
  const database = path.join(dir, `${kind}-${i}.sqlite`);
  if (kind === "cold") {
    fs.rmSync(stamp, { force: true });
  } else {
    // Warm: the database of an earlier start, migrated.
    fs.copyFileSync(path.join(dir, "warm-base.sqlite"), database);
  }
  const server = await startServer({ env: { DATABASE_URL: `sqlite:${database}`, LOG_LEVEL: "warn" } });
  await server.stop();
  console.error(`${kind} #${i + 1}: ${server.readyMs.toFixed(0)} ms`);
  return server.readyMs;
}

try {
  // Prepare the warm state once: built web app and a migrated database.
  const base = await startServer({
    env: { DATABASE_URL: `sqlite:${path.join(dir, "warm-base.sqlite")}`, LOG_LEVEL: "warn" },
  });
  await base.stop();
  const cold = [];
  const warm = [];
  for (let i = 0; i < runs; i++) cold.push(await once("cold", i));
  for (let i = 0; i < runs; i++) warm.push(await once("warm", i));
  report("startup", {
    machine: machine(),
    runs,
    coldMs: { median: Math.round(median(cold)), all: cold.map(Math.round) },
    warmMs: { median: Math.round(median(warm)), all: warm.map(Math.round) },
  });
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
