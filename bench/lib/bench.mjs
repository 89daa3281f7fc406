// Shared by every benchmark: start the app (or any server) as its own process, wait for its first 200,
// load it with autocannon, describe the machine. Plain ESM so `node bench/x.mjs` runs it with no build.
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `url` until it answers 200; returns the time it took from `since` (ms). */
export async function waitFor200(url, { since = performance.now(), timeoutMs = 180_000, child } = {}) {
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

export function machine() {
  const cpuinfo = fs.existsSync("/proc/cpuinfo") ? fs.readFileSync("/proc/cpuinfo", "utf8") : "";
  const model = cpuinfo.match(/^model name\s*:\s*(.+)$/m)?.[1] ?? os.cpus()[0]?.model ?? "unknown";
  return {
    nproc: os.availableParallelism(),
    cpu: model.trim(),
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
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
