// Shared by every benchmark: start a server as its own process, wait for its first 200, load it with
// autocannon (in this process or in a child), read a process's CPU time, describe the machine.
// Plain ESM so `node bench/x.mjs` runs it with no build.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { freePort } from "../../scripts/lib/free-port.mjs";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `url` until it answers 200; returns the time it took from `since` (ms). */
async function waitFor200(url, { since = performance.now(), timeoutMs = 180_000, child } = {}) {
  for (;;) {
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.status === 200) return performance.now() - since;
    } catch {
      // Not listening yet.
    }
    if (child && child.exitCode !== null)
      throw new Error(`the process exited (${child.exitCode}) before ${url} answered`);
    if (performance.now() - since > timeoutMs)
      throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`);
    await sleep(10);
  }
}

/**
 * Spawns a server process and waits for the first 200 of `readyPath`.
 * `command` defaults to `npm start` (node scripts/start.mjs); pass another to start something else.
 * Returns { url, port, readyMs, child, output(), stop() }.
 */
export async function startServer({
  command = [process.execPath, path.join(repoRoot, "scripts/start.mjs")],
  env = {},
  readyPath = "/api/health",
  port,
  quiet = true,
} = {}) {
  const chosen = port ?? (await freePort());
  let output = "";
  const since = performance.now();
  const child = spawn(command[0], command.slice(1), {
    cwd: repoRoot,
    env: { ...process.env, PORT: String(chosen), HOST: "127.0.0.1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  for (const stream of [child.stdout, child.stderr]) {
    stream.on("data", (chunk) => {
      output += chunk.toString("utf8");
      if (!quiet) process.stderr.write(chunk);
    });
  }
  const url = `http://127.0.0.1:${chosen}`;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    // The whole group: `npm start` runs the server as its own child.
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {}
    }, 10_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    const readyMs = await waitFor200(`${url}${readyPath}`, { since, child });
    return { url, port: chosen, readyMs, child, output: () => output, stop };
  } catch (error) {
    await stop();
    throw new Error(`${error.message}\n${output}`);
  }
}

/** A process's resident memory now and its peak so far (VmRSS, VmHWM in /proc), in MiB. */
export function residentMiB(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const kib = (field) => Number(status.match(new RegExp(`^${field}:\\s+(\\d+)`, "m"))?.[1] ?? 0);
  return { now: kib("VmRSS") / 1024, peak: kib("VmHWM") / 1024 };
}

function rssKiB(pid) {
  return residentMiB(pid).now * 1024;
}

function childPids(pid) {
  const tasks = fs.readdirSync(`/proc/${pid}/task`);
  return tasks.flatMap((task) =>
    fs
      .readFileSync(`/proc/${pid}/task/${task}/children`, "utf8")
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number),
  );
}

/** A process and all its descendants, parents first. */
function processTree(pid) {
  const tree = [];
  for (let next = [pid]; next.length > 0; next = next.flatMap(childPids)) tree.push(...next);
  return tree;
}

/**
 * Resident memory of a process and its descendants, from /proc, in MiB: `server` is the largest process
 * under it (the server `npm start` runs), `total` all of them (with `npm start`'s own node and any
 * helper process a loader starts).
 */
export function rssMiB(pid) {
  const sizes = processTree(pid).map(rssKiB);
  const mib = (kib) => Math.round(kib / 1024);
  return { server: mib(Math.max(...sizes.slice(1))), total: mib(sizes.reduce((sum, kib) => sum + kib, 0)) };
}

/** CPU time used so far by a process and its living descendants (see cpuMs): steadier than wall time on a busy machine. */
export function treeCpuMs(pid) {
  return processTree(pid).reduce((sum, p) => sum + cpuMs(p), 0);
}

/** Runs autocannon against `url`; returns the figures the docs report. */
export async function load(url, { connections = 20, duration = 20, ...options } = {}) {
  const result = await autocannon({ url, connections, duration, ...options });
  return {
    url,
    connections,
    duration,
    requestsPerSec: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

/**
 * CPU time (user + system, all threads) a process has used so far, from /proc: on a machine shared with
 * other work, CPU per request is a steadier figure than requests per second.
 */
export function cpuMs(pid) {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in USER_HZ (100)
  } catch {
    return Number.NaN;
  }
}

/** This process's own CPU time so far (ms): the app's, when the app runs in the benchmark's process. */
export function ownCpuMs() {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * Loads a server running in process `pid` with autocannon (after `warmUp` unmeasured seconds, so the JIT
 * and statement caches settle) and measures that process's CPU time over the measured run.
 * Returns { result (autocannon's), serverCpuMs }.
 */
export async function loadWithServerCpu(pid, url, { warmUp = 0, ...options }) {
  if (warmUp > 0) await autocannon({ url, ...options, duration: warmUp });
  const before = cpuMs(pid);
  const result = await autocannon({ url, ...options });
  return { result, serverCpuMs: cpuMs(pid) - before };
}

/**
 * Runs autocannon in a child process (so the load generator does not compete with an app running in this
 * process for its event loop) and returns the figures the docs report.
 */
export function loadInChild(url, { connections = 20, duration = 10, cookie } = {}) {
  return new Promise((resolve, reject) => {
    const args = [path.join(repoRoot, "node_modules/autocannon/autocannon.js"), "-c", String(connections)];
    args.push("-d", String(duration), "-j");
    if (cookie) args.push("-H", `cookie=${cookie}`);
    const child = spawn(process.execPath, [...args, url], { stdio: ["ignore", "pipe", "ignore"] });
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
    });
    child.on("exit", (code) => {
      if (code !== 0) return reject(new Error(`autocannon exited with ${code}`));
      const r = JSON.parse(out);
      resolve({
        requests: r.requests.total,
        non2xx: r.non2xx,
        p50: r.latency.p50,
        p99: r.latency.p99,
        max: r.latency.max,
        rps: r.requests.average,
      });
    });
  });
}

/** The machine a result came from: printed with every result, as docs/benchmarks.md quotes it. */
export function machine() {
  const cpuinfo = fs.existsSync("/proc/cpuinfo") ? fs.readFileSync("/proc/cpuinfo", "utf8") : "";
  const model = cpuinfo.match(/^model name\s*:\s*(.+)$/m)?.[1] ?? os.cpus()[0]?.model ?? "unknown";
  return {
    nproc: os.availableParallelism(),
    cpu: model.trim(),
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    uvThreadpoolSize: process.env.UV_THREADPOOL_SIZE ?? "4 (default)",
    date: new Date().toISOString(),
    loadAverage: os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" "),
  };
}

/** Writes a result as JSON under bench/results/ (ignored by git) and prints it. */
export function report(name, result) {
  const dir = path.join(repoRoot, "bench/results");
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result, null, 2));
  console.log(`written to ${path.relative(repoRoot, file)}`);
}
