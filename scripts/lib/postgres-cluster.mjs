// A throwaway PostgreSQL cluster in a temporary folder, for `npm test` and the fault suite (which stops,
// restarts and exhausts it). Never the shared server: each cluster has its own folder and a free port.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "./free-port.mjs";

const isRoot = typeof process.getuid === "function" && process.getuid() === 0;

function onPath(name) {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    const full = path.join(dir, name);
    if (dir && fs.existsSync(full)) return full;
  }
  return null;
}

/** The folder holding initdb and pg_ctl: Debian's versioned folders first (newest), then PATH. */
export function findPostgresBin() {
  const base = "/usr/lib/postgresql";
  if (fs.existsSync(base)) {
    const versions = fs
      .readdirSync(base)
      .filter(
        (v) =>
          fs.existsSync(path.join(base, v, "bin/initdb")) && fs.existsSync(path.join(base, v, "bin/pg_ctl")),
      )
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return path.join(base, versions[0], "bin");
  }
  const initdb = onPath("initdb");
  if (initdb && onPath("pg_ctl")) return path.dirname(fs.realpathSync(initdb));
  return null;
}

/**
 * Creates and starts a cluster; `maxConnections` is small for a test that exhausts it, `crashSafe` for one
 * that crashes it. The returned handle
 * stops it (`-m immediate` by default: as a crash would), starts it again on the same port, and removes it.
 */
export async function startPostgresCluster({ maxConnections = 200, crashSafe = false } = {}) {
  const pgBin = findPostgresBin();
  if (!pgBin) throw new Error("PostgreSQL server binaries (initdb, pg_ctl) are not installed");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "crewdesk-pg-"));
  const data = path.join(dir, "data");
  const logFile = path.join(dir, "server.log");
  // initdb refuses to run as root: the cluster belongs to the `postgres` user that Debian's package creates.
  let asUser = (cmd, args) => [cmd, args];
  if (isRoot) {
    const uid = Number(spawnSync("id", ["-u", "postgres"], { encoding: "utf8" }).stdout.trim());
    const gid = Number(spawnSync("id", ["-g", "postgres"], { encoding: "utf8" }).stdout.trim());
    if (!Number.isInteger(uid) || uid <= 0) {
      throw new Error("Running as root needs the `postgres` user (created by the postgresql package).");
    }
    fs.chownSync(dir, uid, gid);
    asUser = (cmd, args) => ["runuser", ["-u", "postgres", "--", cmd, ...args]];
  }
  const pgRun = (tool, args) => {
    const [cmd, fullArgs] = asUser(path.join(pgBin, tool), args);
    // The cluster's owner may not be able to enter our working folder: run from the cluster's own.
    return spawnSync(cmd, fullArgs, { cwd: dir, encoding: "utf8" });
  };

  const init = pgRun("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
  if (init.status !== 0) throw new Error(`initdb failed:\n${init.stdout}${init.stderr}`);
  const port = await freePort();
  const options = [
    `-p ${port}`,
    "-c listen_addresses=127.0.0.1",
    `-c unix_socket_directories=${dir}`,
    "-c fsync=off",
    // Off for speed in tests; `crashSafe` keeps it on, so that a crash of the server (an immediate stop)
    // loses no acknowledged commit.
    `-c synchronous_commit=${crashSafe ? "on" : "off"}`,
    "-c full_page_writes=off",
    `-c max_connections=${maxConnections}`,
  ].join(" ");
  const running = () => fs.existsSync(path.join(data, "postmaster.pid"));
  const start = () => {
    const started = pgRun("pg_ctl", ["-D", data, "-w", "-t", "60", "-l", logFile, "-o", options, "start"]);
    if (started.status !== 0) {
      const serverLog = fs.existsSync(logFile) ? fs.readFileSync(logFile, "utf8") : "";
      throw new Error(`pg_ctl start failed:\n${started.stdout}${started.stderr}${serverLog}`);
    }
  };
  const stop = (mode = "immediate") => {
    if (running()) pgRun("pg_ctl", ["-D", data, "-m", mode, "-w", "stop"]);
  };
  start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    start,
    stop,
    remove() {
      stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
