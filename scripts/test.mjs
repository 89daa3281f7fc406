// `npm test`: checks the machine, brings up PostgreSQL and Redis, then runs every check in order and stops at the
// first failure. Ends with one line `crewdesk: N passed, M failed` counting the tests that ran.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "./lib/free-port.mjs";
import { findPostgresBin, startPostgresCluster } from "./lib/postgres-cluster.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = (name) => path.join(root, "node_modules/.bin", name);
const reports = fs.mkdtempSync(path.join(os.tmpdir(), "crewdesk-reports-"));
const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
const INSTALL = "apt-get update && apt-get install -y postgresql chromium redis-server";
const CHROMIUM = "/usr/bin/chromium";

const totals = { passed: 0, failed: 0 };
const cleanups = [];
let current = null;

function log(message) {
  console.log(`\n[crewdesk test] ${message}`);
}

function seconds(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}

function run(command, args, options = {}) {
  return spawnSync(command, args, { encoding: "utf8", ...options });
}

function onPath(name) {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    const full = path.join(dir, name);
    if (dir && fs.existsSync(full)) return full;
  }
  return null;
}

function ensureSystemPackages() {
  const missing = () => {
    const list = [];
    if (!findPostgresBin()) list.push("PostgreSQL server (initdb, pg_ctl)");
    if (!fs.existsSync(CHROMIUM)) list.push(`Chromium (${CHROMIUM})`);
    if (!onPath("redis-server")) list.push("Redis (redis-server)");
    return list;
  };
  let absent = missing();
  if (absent.length === 0) return;
  if (!isRoot || !onPath("apt-get")) {
    console.error(`Missing: ${absent.join(", ")}.\nInstall them first, as root:\n  ${INSTALL}`);
    process.exit(1);
  }
  log(`installing ${absent.join(", ")} with apt-get`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  for (const args of [["update"], ["install", "-y", "postgresql", "chromium", "redis-server"]]) {
    const result = run("apt-get", args, { stdio: "inherit", env });
    if (result.status !== 0) {
      console.error(`apt-get ${args.join(" ")} failed. Install them by hand:\n  ${INSTALL}`);
      process.exit(1);
    }
  }
  absent = missing();
  if (absent.length) {
    console.error(`Still missing after apt-get: ${absent.join(", ")}.`);
    process.exit(1);
  }
}

/** A throwaway PostgreSQL cluster in a temporary folder; returns its URL. Stopped and removed at exit. */
async function startThrowawayPostgres() {
  const cluster = await startPostgresCluster();
  cleanups.push(() => cluster.remove());
  return cluster.url;
}

/** A throwaway Redis on a free port, nothing written to disk; returns its URL. Stopped at exit. */
async function startThrowawayRedis() {
  const port = await freePort();
  const child = spawn(
    onPath("redis-server"),
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  cleanups.push(() => {
    if (child.exitCode === null) child.kill("SIGTERM");
  });
  const deadline = Date.now() + 15_000;
  while (!/Ready to accept connections/.test(output)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`redis-server did not start:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return `redis://127.0.0.1:${port}`;
}

function cleanup() {
  while (cleanups.length) {
    const fn = cleanups.pop();
    try {
      fn();
    } catch (error) {
      console.error(`cleanup: ${error.message}`);
    }
  }
}

function summary() {
  console.log(`crewdesk: ${totals.passed} passed, ${totals.failed} failed`);
}

function finish(code) {
  cleanup();
  fs.rmSync(reports, { recursive: true, force: true });
  summary();
  process.exit(code);
}

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => {
    log(`${signal}: stopping`);
    current?.kill(signal);
    finish(130);
  });
}

function step(name, command, args, { report } = {}) {
  return new Promise((resolve) => {
    log(`${name}: ${[path.basename(command), ...args].join(" ")}`);
    const started = Date.now();
    const child = spawn(command, args, { cwd: root, stdio: "inherit", env: process.env });
    current = child;
    child.on("error", (error) => {
      console.error(error.message);
      current = null;
      resolve(1);
    });
    child.on("exit", (code, signal) => {
      current = null;
      if (report) report();
      const status = code ?? (signal ? 1 : 0);
      log(`${name}: ${status === 0 ? "ok" : "FAILED"} in ${seconds(Date.now() - started)}`);
      resolve(status);
    });
  });
}

function countVitest(file) {
  return () => {
    if (!fs.existsSync(file)) return;
    const result = JSON.parse(fs.readFileSync(file, "utf8"));
    totals.passed += result.numPassedTests ?? 0;
    totals.failed += result.numFailedTests ?? 0;
  };
}

function countPlaywright(file) {
  return () => {
    if (!fs.existsSync(file)) return;
    const { stats } = JSON.parse(fs.readFileSync(file, "utf8"));
    totals.passed += (stats?.expected ?? 0) + (stats?.flaky ?? 0);
    totals.failed += stats?.unexpected ?? 0;
  };
}

async function main() {
  const started = Date.now();
  process.env.PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD = "1";
  ensureSystemPackages();

  if (process.env.TEST_DATABASE_URL) {
    log(`PostgreSQL: using TEST_DATABASE_URL`);
  } else {
    const t = Date.now();
    process.env.TEST_DATABASE_URL = await startThrowawayPostgres();
    log(`PostgreSQL: throwaway cluster at ${process.env.TEST_DATABASE_URL} (${seconds(Date.now() - t)})`);
  }

  if (process.env.REDIS_TEST_URL) {
    log("Redis: using REDIS_TEST_URL");
  } else {
    process.env.REDIS_TEST_URL = await startThrowawayRedis();
    log(`Redis: throwaway server at ${process.env.REDIS_TEST_URL}`);
  }

  const vitest = (name, projects) => {
    const out = path.join(reports, `vitest-${name}.json`);
    const args = ["run", ...projects.flatMap((p) => ["--project", p])];
    args.push("--reporter=default", "--reporter=json", `--outputFile=${out}`);
    return [bin("vitest"), args, { report: countVitest(out) }];
  };
  const steps = [
    ["types", bin("tsc"), ["--noEmit"]],
    ["lint", bin("biome"), ["check", "."]],
    [
      "import rules",
      bin("depcruise"),
      ["src", "--config", ".dependency-cruiser.cjs", "--output-type", "err-long"],
    ],
    ["nothing dead (unused files, exports, dependencies)", bin("knip"), ["--no-progress"]],
    ["unit tests", ...vitest("unit", ["unit"])],
    ["integration tests (SQLite, PostgreSQL)", ...vitest("integration", ["sqlite", "postgres"])],
  ];
  if (fs.existsSync(path.join(root, "vite.config.ts"))) steps.push(["web build", bin("vite"), ["build"]]);
  if (fs.existsSync(path.join(root, "playwright.config.ts"))) {
    const out = path.join(reports, "playwright.json");
    process.env.PLAYWRIGHT_JSON_OUTPUT_NAME = out;
    steps.push([
      "end-to-end tests (Chromium)",
      bin("playwright"),
      ["test", "--reporter=list,json"],
      { report: countPlaywright(out) },
    ]);
  }

  for (const [name, command, args, options] of steps) {
    const status = await step(name, command, args, options);
    if (status !== 0) {
      log(`stopped: "${name}" failed after ${seconds(Date.now() - started)}`);
      finish(status || 1);
    }
  }
  log(`all steps passed in ${seconds(Date.now() - started)}`);
  finish(totals.failed > 0 ? 1 : 0);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  finish(1);
});
