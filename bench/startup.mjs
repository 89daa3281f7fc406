// Time from spawning `npm start` to the first 200 of GET /api/health, and the memory (RSS) the server's
// processes hold once it answers (`npm start`'s own node and the server it runs).
// cold: no build stamps (the web app is built, and the server where `npm start` compiles it) and an empty
// database (migrations run);
// warm: everything already built and migrated. Usage: node bench/startup.mjs [runs=3]
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { machine, median, repoRoot, report, rssMiB, startServer, treeCpuMs } from "./lib/bench.mjs";

const runs = Number(process.argv[2] ?? 3);
// Cold: every build stamp removed, so `npm start` builds the web app and (where it compiles it) the server.
const stamps = ["dist/web/.build-stamp", "dist/server/.build-stamp"].map((p) => path.join(repoRoot, p));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "crewdesk-bench-startup-"));

async function once(kind, i) {
  const database = path.join(dir, `${kind}-${i}.sqlite`);
  if (kind === "cold") {
    for (const stamp of stamps) fs.rmSync(stamp, { force: true });
  } else {
    // Warm: the database of an earlier start, migrated.
    fs.copyFileSync(path.join(dir, "warm-base.sqlite"), database);
  }
  const server = await startServer({ env: { DATABASE_URL: `sqlite:${database}`, LOG_LEVEL: "warn" } });
  const rss = rssMiB(server.child.pid);
  const cpu = Math.round(treeCpuMs(server.child.pid));
  await server.stop();
  console.error(
    `${kind} #${i + 1}: ${server.readyMs.toFixed(0)} ms, CPU ${cpu} ms, ${JSON.stringify(rss)} MiB`,
  );
  return { ms: server.readyMs, cpu, rss };
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
  const ms = (list) => list.map((r) => Math.round(r.ms));
  report("startup", {
    machine: machine(),
    runs,
    coldMs: { median: Math.round(median(ms(cold))), all: ms(cold) },
    warmMs: { median: Math.round(median(ms(warm))), all: ms(warm) },
    // Warm starts: CPU time of `npm start` and the server until the first answer (wall time on a busy
    // machine is mostly waiting for a core).
    warmCpuMs: { median: median(warm.map((r) => r.cpu)), all: warm.map((r) => r.cpu) },
    // Warm starts: the server process alone, and with `npm start`'s own node.
    warmServerRssMiB: { median: median(warm.map((r) => r.rss.server)), all: warm.map((r) => r.rss.server) },
    warmTotalRssMiB: { median: median(warm.map((r) => r.rss.total)), all: warm.map((r) => r.rss.total) },
  });
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
