// A task import from upload to done: 100,000 rows with 10,000 distinct contractor emails, 5,000 of them new
// (the other 5,000 are on the company's team already), CSV and XLSX, through the app's HTTP API with the app
// in this process: upload → read (worker thread) → preview → commit (the job: invitations, tasks in chunks,
// invisible, one final statement) → done. Wall time, CPU time, peak RSS and the event loop's longest delay.
// The commit request alone (POST commit → 202: counting what it will send, queueing the job) is timed apart.
// Beside it, the ceiling of the same run: papaparse alone over the same CSV, then raw prepared inserts of the
// same rows into the same tables (better-sqlite3 statements in one transaction; on PostgreSQL, one prepared
// multi-row statement per 500 rows in one transaction), and the ratio. Then the task list's p99 at 20
// connections (autocannon in a process of its own) with no import running and while an import runs.
// Mode `server` runs the same import against the server as `npm start` runs it (compiled, with its Node
// flags, in a process of its own) and gives that process's peak RSS and CPU, and its RSS before the import
// and at the peak of the reading and of the commit (rssPeaksMiB).
//
//   node --import tsx bench/import-commit.mjs
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node --import tsx bench/import-commit.mjs
//
// ROWS (100000), EMAILS (10000), NEW (5000), RUNS (1), FORMATS (csv,xlsx), MODES (app,server,ceiling,latency),
// DIALECTS (sqlite, and postgres when BENCH_DATABASE_URL is set). Each measurement runs in a process of its
// own, so that its peak RSS is its own. BENCH_NODE_ARGS adds options to those processes, e.g.
// BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/profiles" for a CPU profile of each (bench/lib/cpu-profile.mjs
// sums one by function), or BENCH_NODE_ARGS="--import ./bench/lib/sqlite-profile.mjs" for SQLite's time per statement
// and the process's I/O. SERVER_NODE_ARGS replaces the server's flags in mode `server` ("" for none).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { buildServer } from "../scripts/build-server.mjs";
import { startAppProcess } from "./lib/app-process.mjs";
import { cpuMs, loadInChild, machine, median, ownCpuMs, report, residentMiB } from "./lib/bench.mjs";

const ROWS = Number(process.env.ROWS ?? 100_000);
const EMAILS = Number(process.env.EMAILS ?? 10_000);
const NEW = Number(process.env.NEW ?? 5_000);
const RUNS = Number(process.env.RUNS ?? 1);
const FORMATS = (process.env.FORMATS ?? "csv,xlsx").split(",");
const MODES = (process.env.MODES ?? "app,server,ceiling,latency").split(",");
const PG = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
const DIALECTS = (process.env.DIALECTS ?? (PG ? "sqlite,postgres" : "sqlite")).split(",");
const self = fileURLToPath(import.meta.url);

/** Times `work`, watching the event loop's delay (wall) and the process's CPU time. */
async function timed(work) {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const out = await work();
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  histogram.disable();
  return {
    ms,
    cpuMs: (cpu.user + cpu.system) / 1000,
    loopMaxMs: histogram.max / 1e6,
    loopP99Ms: histogram.percentile(99) / 1e6,
    ...out,
  };
}

/**
 * The main thread's longest turn in its own CPU time (Linux /proc/self/task/<pid>/schedstat, read by a 5 ms
 * timer): what the code itself held the event loop for, apart from time spent waiting for a core on a
 * shared machine (which the wall delay includes). Null where schedstat is missing.
 */
function watchTurnsCpu() {
  const schedstat = `/proc/self/task/${process.pid}/schedstat`;
  if (!fs.existsSync(schedstat)) return () => null;
  const read = () => Number(fs.readFileSync(schedstat, "utf8").split(" ")[0]);
  let last = read();
  let longest = 0;
  const timer = setInterval(() => {
    const now = read();
    longest = Math.max(longest, (now - last) / 1e6);
    last = now;
  }, 5);
  return () => {
    clearInterval(timer);
    return longest;
  };
}

/**
 * Samples a process's resident memory (all its threads; by default this process's) every 20 ms and keeps the peak of each phase that
 * `phase(name)` opens, so a peak can be put down to the reading or the commit.
 */
function watchMemory(rssMiBNow = () => process.memoryUsage.rss() / 1048576) {
  const peaks = {};
  let current = "before";
  const sample = () => {
    const mib = rssMiBNow();
    peaks[current] = Math.max(peaks[current] ?? 0, mib);
  };
  sample();
  const timer = setInterval(sample, 20);
  return {
    phase(name) {
      sample();
      current = name;
      sample();
    },
    stop() {
      clearInterval(timer);
      sample();
      return Object.fromEntries(Object.entries(peaks).map(([k, v]) => [k, Math.round(v)]));
    },
  };
}

/** POSTs `file` as multipart/form-data (field `file`), streamed from disk. */
function uploadStreamed(url, file, name, headers) {
  const boundary = `----crewdeskbench${Date.now().toString(16)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const length = head.length + fs.statSync(file).size + tail.length;
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method: "POST",
        headers: {
          ...headers,
          "content-type": `multipart/form-data; boundary=${boundary}`,
          "content-length": String(length),
        },
      },
      (response) => {
        let body = "";
        response.setEncoding("utf8");
        response.on("data", (chunk) => {
          body += chunk;
        });
        response.on("end", () => resolve({ status: response.statusCode, body }));
      },
    );
    request.on("error", reject);
    request.write(head);
    const stream = fs.createReadStream(file, { highWaterMark: 64 * 1024 });
    stream.on("error", reject);
    stream.on("end", () => request.end(tail));
    stream.pipe(request, { end: false });
  });
}

/** The company's team before the import: the first EMAILS − NEW addresses of the file. */
async function seedTeam(database, companyId) {
  const { buildContractors } = await import("../test/support/factories.ts");
  const { newId } = await import("../src/server/db/ids.ts");
  await buildContractors(
    database.db,
    companyId,
    Array.from({ length: EMAILS - NEW }, (_, n) => ({
      id: newId(),
      name: `Contractor ${n}`,
      email: `contractor${n}@example.com`,
      status: "active",
    })),
  );
}

/**
 * Upload → preview → commit → done of one file through the HTTP API at `base` (…/task-imports), polling the
 * import; `memory` (watchMemory) is told where the reading and the commit begin.
 */
function importer(base, cookie, origin, cpuNowMs = ownCpuMs) {
  const get = async (id) => (await fetch(`${base}/${id}`, { headers: { cookie } })).json();
  return async (path_, name, memory) => {
    memory?.phase("reading");
    const started = performance.now();
    const cpuBefore = cpuNowMs();
    const created = await uploadStreamed(base, path_, name, { cookie, origin });
    if (created.status !== 202) throw new Error(`upload: ${created.status} ${created.body}`);
    const { id } = JSON.parse(created.body);
    let read;
    for (;;) {
      read = await get(id);
      if (read.status === "failed") throw new Error(read.error);
      if (read.status === "validated") break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const readMs = performance.now() - started;
    const readCpuMs = cpuNowMs() - cpuBefore;
    memory?.phase("commit");
    // The commit's own stalls, apart from the reading's.
    const commitLoop = monitorEventLoopDelay({ resolution: 5 });
    commitLoop.enable();
    const commitTurns = watchTurnsCpu();
    // The commit request alone (counting what it will send, queueing the job), apart from the job's chunks.
    const requestTurns = watchTurnsCpu();
    const requestStarted = performance.now();
    const commit = await fetch(`${base}/${id}/commit`, {
      method: "POST",
      headers: { cookie, origin, "content-type": "application/json" },
      body: JSON.stringify({ skipInvalidRows: true }),
    });
    if (commit.status !== 202) throw new Error(`commit: ${commit.status} ${await commit.text()}`);
    const commitRequestMs = performance.now() - requestStarted;
    const commitRequestTurnCpuMs = requestTurns();
    for (;;) {
      const done = await get(id);
      if (done.status === "done") {
        commitLoop.disable();
        const commitLoopMaxMs = commitLoop.max / 1e6;
        const commitTurnCpuMaxMs = commitTurns();
        return {
          rssPeaksMiB: memory?.stop(),
          rows: done.totalRows,
          readMs,
          readCpuMs,
          commitLoopMaxMs,
          commitTurnCpuMaxMs,
          commitRequestMs,
          commitRequestTurnCpuMs,
          result: done.result,
        };
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };
}

/** A one-row file beside `file`, imported first so that the measured import does not pay for first calls. */
function warmUpFile(file) {
  const warmUp = path.join(path.dirname(file), "warm-up.csv");
  fs.writeFileSync(
    warmUp,
    "Contractor email,Task title,Amount,Currency\r\nwarm@example.com,Warm-up,1,USD\r\n",
  );
  return warmUp;
}

/** Upload → done through the app; with `latency`, the task list under load, idle and while importing. */
async function throughTheApp(file, format, latency) {
  const { openFreshDatabase, startAppInProcess, createBenchCompany, BENCH_APP_URL } = await import(
    "./lib/app-in-process.mjs"
  );
  const fresh = await openFreshDatabase(process.env.BENCH_DIALECT);
  const app = await startAppInProcess(fresh.database, {
    env: { INVITES_PER_HOUR: "10000000", NEW_COMPANY_INVITES_PER_DAY: "10000000" },
  });
  try {
    const { owner, company } = await createBenchCompany(fresh.database);
    await seedTeam(fresh.database, company.id);
    const cookie = await app.cookieFor(owner.id);
    const base = `${app.url}/api/companies/${company.id}/task-imports`;
    const importOnce = importer(base, cookie, BENCH_APP_URL);
    await importOnce(warmUpFile(file), "warm-up.csv");
    if (!latency) {
      const memory = watchMemory();
      return await timed(() => importOnce(file, `tasks.${format}`, memory));
    }

    const listUrl = `${app.url}/api/companies/${company.id}/tasks?limit=50`;
    const idle = await loadInChild(listUrl, { connections: 20, duration: 5, cookie });
    // The list under load from before the upload to after the import is done.
    const during = loadInChild(listUrl, {
      connections: 20,
      duration: Number(process.env.LOAD_SECONDS ?? 12),
      cookie,
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const imported = await timed(() => importOnce(file, `tasks.${format}`));
    const load = await during;
    return { ...imported, idle, during: load };
  } finally {
    await app.close();
    await fresh.destroy();
  }
}

/**
 * Upload → done against the server as `npm start` runs it: compiled JavaScript (dist/server, built by
 * main()), in a process of its own, so that its peak RSS and CPU are the server's alone (from /proc), not
 * this script's and its TypeScript loader's. The database is seeded and the owner's session made before the
 * server starts. WORKERS=off as in the in-process mode: the reading and the commit run from their requests,
 * and the 5,000 invitations wait in the outbox.
 */
async function throughTheServer(file, format) {
  const { openFreshDatabase, createBenchCompany } = await import("./lib/app-in-process.mjs");
  const { createSession } = await import("../src/server/auth/sessions.ts");
  const { sessionCookieName } = await import("../src/server/auth/session-cookie.ts");
  const { loadConfig } = await import("../src/server/config.ts");
  const fresh = await openFreshDatabase(process.env.BENCH_DIALECT);
  let server;
  try {
    const { owner, company } = await createBenchCompany(fresh.database);
    await seedTeam(fresh.database, company.id);
    const token = await createSession(fresh.database.db, owner.id);
    const serverFlags = process.env.SERVER_NODE_ARGS?.split(" ").filter(Boolean);
    server = await startAppProcess(
      fresh.database.url,
      { WORKERS: "off", INVITES_PER_HOUR: "10000000", NEW_COMPANY_INVITES_PER_DAY: "10000000" },
      { compiled: true, ...(serverFlags && { serverFlags }) },
    );
    const pid = server.child.pid;
    const config = loadConfig({ APP_URL: server.url, NODE_ENV: "development" });
    const cookie = `${sessionCookieName(config)}=${token}`;
    const base = `${server.url}/api/companies/${company.id}/task-imports`;
    const importOnce = importer(base, cookie, server.url, () => cpuMs(pid));
    await importOnce(warmUpFile(file), "warm-up.csv");
    const memory = watchMemory(() => residentMiB(pid).now);
    const cpuBefore = cpuMs(pid);
    const started = performance.now();
    const out = await importOnce(file, `tasks.${format}`, memory);
    const { commitLoopMaxMs, commitTurnCpuMaxMs, commitRequestTurnCpuMs, ...serverSide } = out;
    return {
      ...serverSide,
      ms: performance.now() - started,
      cpuMs: cpuMs(pid) - cpuBefore,
      maxRssMiB: residentMiB(pid).peak,
    };
  } finally {
    await server?.stop();
    await fresh.destroy();
  }
}

/** The ceiling: papaparse over the CSV, then raw prepared inserts of the same rows into the same tables. */
async function ceiling(file) {
  const Papa = (await import("papaparse")).default;
  const { openFreshDatabase, createBenchCompany } = await import("./lib/app-in-process.mjs");
  const { newId } = await import("../src/server/db/ids.ts");
  const fresh = await openFreshDatabase(process.env.BENCH_DIALECT);
  try {
    const { owner, company } = await createBenchCompany(fresh.database);
    await seedTeam(fresh.database, company.id);
    const team = await fresh.database.db
      .selectFrom("contractors as c")
      .innerJoin("users as u", "u.id", "c.user_id")
      .select(["c.id", "u.email"])
      .where("c.company_id", "=", company.id)
      .execute();
    const dialect = fresh.database.dialect;
    return await timed(async () => {
      const text = new TextDecoder("utf-8").decode(fs.readFileSync(file));
      const parsed = Papa.parse(text, { delimiter: ",", skipEmptyLines: true });
      const rows = parsed.data.slice(1);
      const now = new Date().toISOString();
      const contractorOf = new Map(team.map((c) => [c.email, c.id]));
      const users = [];
      const contractors = [];
      for (const r of rows) {
        if (contractorOf.has(r[0])) continue;
        const userId = newId();
        const id = newId();
        contractorOf.set(r[0], id);
        users.push([userId, r[0], r[1], now, now]);
        contractors.push([id, company.id, userId, "invited", owner.id, now, now, now, r[1], r[1]]);
      }
      const tasks = rows.map((r, i) => [
        newId(),
        company.id,
        i + 1,
        r[2],
        r[3],
        "draft",
        contractorOf.get(r[0]),
        Math.round(Number(String(r[4]).replace(/[^0-9]/g, ""))),
        r[5],
        null,
        r[7] || null,
        r[8] || null,
        owner.id,
        now,
        now,
        r[2].toLowerCase(),
      ]);
      const userSql = "insert into users (id, email, name, created_at, updated_at) values";
      const contractorSql =
        "insert into contractors (id, company_id, user_id, status, invited_by, invited_at, created_at, updated_at, name, search_text) values";
      const taskSql =
        "insert into tasks (id, company_id, number, title, description, status, contractor_id, amount_minor, currency, deadline, project, external_id, created_by, created_at, updated_at, search_text) values";
      if (dialect === "sqlite") {
        const SQLite = (await import("better-sqlite3")).default;
        const raw = new SQLite(fresh.database.url.slice("sqlite:".length));
        const one = (sql, n) => raw.prepare(`${sql} (${Array(n).fill("?").join(",")})`);
        const insertUser = one(userSql, 5);
        const insertContractor = one(contractorSql, 10);
        const insertTask = one(taskSql, 16);
        raw.transaction(() => {
          for (const u of users) insertUser.run(u);
          for (const c of contractors) insertContractor.run(c);
          for (const t of tasks) insertTask.run(t);
        })();
        raw.close();
      } else {
        const pg = (await import("pg")).default;
        const client = new pg.Client({ connectionString: fresh.database.url });
        await client.connect();
        const many = async (name, sql, width, items) => {
          const size = 500;
          for (let i = 0; i < items.length; i += size) {
            const part = items.slice(i, i + size);
            const values = part
              .map(
                (_, r) => `(${Array.from({ length: width }, (_, c) => `$${r * width + c + 1}`).join(",")})`,
              )
              .join(",");
            await client.query({
              name: part.length === size ? name : undefined,
              text: `${sql} ${values}`,
              values: part.flat(),
            });
          }
        };
        await client.query("begin");
        await many("u", userSql, 5, users);
        await many("c", contractorSql, 10, contractors);
        await many("t", taskSql, 16, tasks);
        await client.query("commit");
        await client.end();
      }
      return { rows: tasks.length };
    });
  } finally {
    await fresh.destroy();
  }
}

async function child(mode, file, format) {
  let result;
  if (mode === "app") result = await throughTheApp(file, format, false);
  else if (mode === "latency") result = await throughTheApp(file, format, true);
  else if (mode === "ceiling") result = await ceiling(file);
  else if (mode === "server") result = await throughTheServer(file, format);
  const maxRssMiB = result.maxRssMiB ?? process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify({ ...result, maxRssMiB })}\n`);
}

// ---- the files: those of bench/import-reading.mjs ----

const CURRENCIES = ["USD", "EUR", "GBP"];
const PROJECTS = ["Website", "Docs", "Mobile app", "Localisation"];
const AMOUNTS = (i) =>
  [
    `${100 + (i % 900)}.50`,
    `1 ${String(i % 1000).padStart(3, "0")},25`,
    `1,${String(i % 1000).padStart(3, "0")}.75`,
  ][i % 3];

async function writeFiles(dir) {
  const { csvText, xlsxFile } = await import("../test/support/import-files.ts");
  const header = [
    "Contractor email",
    "Contractor name",
    "Task title",
    "Description",
    "Amount",
    "Currency",
    "Deadline",
    "Project",
    "External ID",
  ];
  const csvRows = [header];
  const xlsxRows = [header];
  for (let i = 0; i < ROWS; i++) {
    const n = i % EMAILS;
    const base = [`contractor${n}@example.com`, `Contractor ${n}`, `Translate page ${i} of the guide`];
    const description = i % 5 ? "" : 'Keep the glossary; "quotes" stay as they are, commas too.';
    csvRows.push([
      ...base,
      description,
      AMOUNTS(i),
      CURRENCIES[i % 3],
      i % 2 ? "2026-12-31" : "31.12.2026",
      PROJECTS[i % 4],
      `EXT-${i}`,
    ]);
    xlsxRows.push([
      ...base,
      description,
      100 + (i % 900),
      CURRENCIES[i % 3],
      { date: "2026-12-31" },
      PROJECTS[i % 4],
      `EXT-${i}`,
    ]);
  }
  const csv = path.join(dir, "tasks.csv");
  const xlsx = path.join(dir, "tasks.xlsx");
  fs.writeFileSync(csv, csvText(csvRows));
  fs.writeFileSync(xlsx, xlsxFile(xlsxRows));
  return { csv, xlsx };
}

function run(mode, file, format, dialect) {
  const extra = (process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const out = execFileSync(
    process.execPath,
    [...extra, "--import", "tsx", self, "--child", mode, file, format],
    {
      encoding: "utf8",
      env: { ...process.env, BENCH_DIALECT: dialect },
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  return JSON.parse(out.trim().split("\n").pop());
}

function measure(mode, file, format, dialect) {
  const runs = Array.from({ length: RUNS }, () => run(mode, file, format, dialect));
  const first = runs[0];
  return {
    seconds: Number((median(runs.map((r) => r.ms)) / 1000).toFixed(2)),
    cpuSeconds: Number((median(runs.map((r) => r.cpuMs)) / 1000).toFixed(2)),
    peakRssMiB: Math.round(median(runs.map((r) => r.maxRssMiB))),
    ...(first.loopMaxMs !== undefined
      ? {
          eventLoopMaxMs: Number(Math.max(...runs.map((r) => r.loopMaxMs)).toFixed(1)),
          eventLoopP99Ms: Number(median(runs.map((r) => r.loopP99Ms)).toFixed(1)),
        }
      : {}),
    rows: first.rows,
    ...(first.readMs ? { readSeconds: Number((median(runs.map((r) => r.readMs)) / 1000).toFixed(2)) } : {}),
    ...(first.readCpuMs
      ? { readCpuSeconds: Number((median(runs.map((r) => r.readCpuMs)) / 1000).toFixed(2)) }
      : {}),
    ...(first.commitLoopMaxMs
      ? { commitEventLoopMaxMs: Number(Math.max(...runs.map((r) => r.commitLoopMaxMs)).toFixed(1)) }
      : {}),
    ...(first.commitTurnCpuMaxMs
      ? { commitLongestTurnCpuMs: Number(Math.max(...runs.map((r) => r.commitTurnCpuMaxMs)).toFixed(1)) }
      : {}),
    ...(first.commitRequestMs
      ? { commitRequestMs: Number(median(runs.map((r) => r.commitRequestMs)).toFixed(1)) }
      : {}),
    ...(first.commitRequestTurnCpuMs
      ? {
          commitRequestLongestTurnCpuMs: Number(
            Math.max(...runs.map((r) => r.commitRequestTurnCpuMs)).toFixed(1),
          ),
        }
      : {}),
    ...(first.rssPeaksMiB ? { rssPeaksMiB: first.rssPeaksMiB } : {}),
    ...(first.result ? { result: first.result } : {}),
    ...(first.idle ? { taskListIdle: first.idle, taskListDuringImport: first.during } : {}),
    loadAverageAfter: os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" "),
  };
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "crewdesk-bench-commit-"));
  try {
    if (MODES.includes("server") && !buildServer()) throw new Error("the server did not compile");
    const files = await writeFiles(dir);
    const result = {
      machine: machine(),
      rows: ROWS,
      distinctEmails: EMAILS,
      newEmails: NEW,
      runs: RUNS,
      results: {},
    };
    for (const dialect of DIALECTS) {
      const entry = {};
      for (const format of FORMATS) {
        if (MODES.includes("app")) entry[format] = measure("app", files[format], format, dialect);
        if (MODES.includes("server"))
          entry[`${format}Server`] = {
            what: "the compiled server in a process of its own (npm start's)",
            ...measure("server", files[format], format, dialect),
          };
      }
      if (MODES.includes("ceiling")) {
        entry.ceiling = {
          what: "papaparse alone + raw prepared inserts",
          ...measure("ceiling", files.csv, "csv", dialect),
        };
        if (entry.csv)
          entry.ratioCsvToCeiling = Number((entry.csv.seconds / entry.ceiling.seconds).toFixed(2));
      }
      if (MODES.includes("latency")) entry.latency = measure("latency", files.csv, "csv", dialect);
      result.results[dialect] = entry;
    }
    report("import-commit", { ...result, loadAverageAfter: machine().loadAverage });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === "--child") await child(process.argv[3], process.argv[4], process.argv[5]);
else await main();
