// Reading and checking a task import file of 100,000 rows (10,000 distinct contractor emails), CSV and
// XLSX: wall time and peak RSS of the app's reader (the worker thread that parses, checks every row and
// hands the rows on in batches, as the app runs it), beside the ceiling of the same run, the parser alone
// (papaparse alone over the same CSV text; exceljs' streaming reader alone over the same workbook). The
// main thread's event loop is watched all along (perf_hooks.monitorEventLoopDelay): it must never stall
// for more than 50 ms. Then the whole way through the app: upload → staged → preview ready, on SQLite
// (and PostgreSQL when BENCH_DATABASE_URL is set), with the same watch on the event loop.
//
//   node --import tsx bench/import-reading.mjs
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node --import tsx bench/import-reading.mjs
//
// ROWS (default 100000), EMAILS (10000), RUNS (3, medians) change the sizes; FORMATS (csv,xlsx) and MODES
// (reader,ceiling,app) choose what runs. Each measurement runs in a
// process of its own, so that its peak RSS is its own.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay, PerformanceObserver } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { machine, median, report } from "./lib/bench.mjs";

const ROWS = Number(process.env.ROWS ?? 100_000);
const EMAILS = Number(process.env.EMAILS ?? 10_000);
const RUNS = Number(process.env.RUNS ?? 3);
const FORMATS = (process.env.FORMATS ?? "csv,xlsx").split(",");
const MODES = (process.env.MODES ?? "reader,ceiling,app").split(",");
const self = fileURLToPath(import.meta.url);

/**
 * Watches the main thread's event loop: its delay in wall time (monitorEventLoopDelay), and the main thread's
 * own CPU time between two turns of a 5 ms timer (Linux /proc/self/task/<pid>/schedstat, nanoseconds). On a
 * machine that other work shares, wall delays include the time the thread waited for a core; the CPU time
 * of the longest turn is what the code itself held the loop for.
 */
function watchLoop() {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  const schedstat = `/proc/self/task/${process.pid}/schedstat`;
  const hasSchedstat = fs.existsSync(schedstat);
  const read = () => fs.readFileSync(schedstat, "utf8").split(" ").map(Number);
  let [lastCpu, lastWait] = hasSchedstat ? read() : [0, 0];
  const turns = [];
  let waited = 0;
  const started = performance.now();
  let longest = { cpuMs: 0, atMs: 0 };
  // Garbage collection pauses the main thread too: its longest pause, apart.
  let longestGcMs = 0;
  const gc = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) longestGcMs = Math.max(longestGcMs, entry.duration);
  });
  gc.observe({ entryTypes: ["gc"] });
  const timer = hasSchedstat
    ? setInterval(() => {
        const [cpu, wait] = read();
        const turn = (cpu - lastCpu) / 1e6;
        turns.push(turn);
        if (turn > longest.cpuMs) longest = { cpuMs: turn, atMs: performance.now() - started };
        waited += (wait - lastWait) / 1e6;
        lastCpu = cpu;
        lastWait = wait;
      }, 5)
    : null;
  return () => {
    histogram.disable();
    gc.disconnect();
    if (timer) clearInterval(timer);
    turns.sort((a, b) => a - b);
    const at = (q) => turns[Math.min(turns.length - 1, Math.floor(q * turns.length))] ?? null;
    return {
      maxMs: histogram.max / 1e6,
      p99Ms: histogram.percentile(99) / 1e6,
      maxTurnCpuMs: at(1),
      maxTurnAtMs: longest.atMs,
      longestGcMs,
      p99TurnCpuMs: at(0.99),
      waitedForCpuMs: hasSchedstat ? waited : null,
    };
  };
}

/** Times `work` and watches the event loop while it runs: set-up (imports, the app's start) stays outside. */
async function timed(work) {
  const stopWatch = watchLoop();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const counts = await work();
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const loop = stopWatch();
  // The process's CPU time (every thread, the reader's worker included; not PostgreSQL's server processes):
  // the steadier figure on a machine that other work shares.
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000, loop, ...counts };
}

async function child(mode, file, format) {
  let result;
  if (mode === "reader") {
    const { readInWorker } = await import("../src/server/imports/reading/run-worker.ts");
    const size = fs.statSync(file).size;
    result = await timed(async () => {
      let rows = 0;
      for await (const event of readInWorker({ path: file, fileName: `tasks.${format}`, size })) {
        if (event.type === "rows") rows += event.rows.length;
      }
      return { rows };
    });
  } else if (mode === "papaparse") {
    const Papa = (await import("papaparse")).default;
    result = await timed(async () => {
      let rows = 0;
      const text = new TextDecoder("utf-8", { fatal: true }).decode(fs.readFileSync(file));
      await new Promise((resolve) => {
        Papa.parse(text, {
          delimiter: ",",
          chunkSize: 1024 * 1024,
          chunk: (results) => {
            rows += results.data.length;
          },
          complete: resolve,
        });
      });
      return { rows: rows - 2 }; // the header, and the empty record after the last line break
    });
  } else if (mode === "exceljs") {
    const ExcelJS = (await import("exceljs")).default;
    result = await timed(async () => {
      let rows = 0;
      let texts = 0;
      const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
        sharedStrings: "cache",
        styles: "cache",
      });
      for await (const sheet of reader) {
        for await (const row of sheet) {
          rows++;
          if (typeof row.values[1] === "string") texts++;
        }
      }
      return { rows: rows - 1, texts };
    });
  } else if (mode === "app") {
    result = await throughTheApp(file, format);
  }
  const maxRssMiB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify({ ...result, maxRssMiB })}\n`);
}

/** POSTs `file` as multipart/form-data (field `file`), streamed from disk; answers the status and body. */
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

/** Upload → preview ready through the app's HTTP API, the app in this process (its event loop is watched). */
async function throughTheApp(file, format) {
  const { openFreshDatabase, startAppInProcess, createBenchCompany, BENCH_APP_URL } = await import(
    "./lib/app-in-process.mjs"
  );
  const fresh = await openFreshDatabase(process.env.BENCH_DIALECT);
  const app = await startAppInProcess(fresh.database);
  try {
    const { owner, company } = await createBenchCompany(fresh.database);
    const cookie = await app.cookieFor(owner.id);
    const base = `${app.url}/api/companies/${company.id}/task-imports`;
    // The file goes up as a browser sends it, streamed from disk in small chunks: the client's own work
    // (it shares this process) stays out of the loop figures, which are the app's.
    const importOnce = async (file, name) => {
      const created = await uploadStreamed(base, file, name, { cookie, origin: BENCH_APP_URL });
      if (created.status !== 202) throw new Error(`upload: ${created.status} ${created.body}`);
      const { id } = JSON.parse(created.body);
      for (;;) {
        const imported = await (await fetch(`${base}/${id}`, { headers: { cookie } })).json();
        if (imported.status === "failed") throw new Error(imported.error);
        if (imported.status === "validated") return { rows: imported.totalRows };
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    // The first request to each route compiles its schemas (a one-time cost of a new process): warm up first.
    const warmUp = path.join(path.dirname(file), "warm-up.csv");
    fs.writeFileSync(
      warmUp,
      "Contractor email,Task title,Amount,Currency\r\na@example.com,Warm-up,1,USD\r\n",
    );
    await importOnce(warmUp, "warm-up.csv");
    return await timed(() => importOnce(file, `tasks.${format}`));
  } finally {
    await app.close();
    await fresh.destroy();
  }
}

// ---- the files ----

const CURRENCIES = ["USD", "EUR", "GBP"];
const PROJECTS = ["Website", "Docs", "Mobile app", "Localisation"];
const AMOUNTS = (i) =>
  [
    `${100 + (i % 900)}.50`,
    `1 ${String(i % 1000).padStart(3, "0")},25`,
    `1,${String(i % 1000).padStart(3, "0")}.75`,
  ][i % 3];

function record(i) {
  const n = i % EMAILS;
  return {
    email: `contractor${n}@example.com`,
    name: `Contractor ${n}`,
    title: `Translate page ${i} of the guide`,
    description: i % 5 ? "" : 'Keep the glossary; "quotes" stay as they are, commas too.',
    amount: AMOUNTS(i),
    currency: CURRENCIES[i % 3],
    deadline: i % 2 ? "2026-12-31" : "31.12.2026",
    project: PROJECTS[i % 4],
    externalId: `EXT-${i}`,
  };
}

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
    const r = record(i);
    csvRows.push([
      r.email,
      r.name,
      r.title,
      r.description,
      r.amount,
      r.currency,
      r.deadline,
      r.project,
      r.externalId,
    ]);
    xlsxRows.push([
      r.email,
      r.name,
      r.title,
      r.description,
      Number((100 + (i % 900)).toFixed(2)),
      r.currency,
      { date: "2026-12-31" },
      r.project,
      r.externalId,
    ]);
  }
  const csv = path.join(dir, "tasks.csv");
  const xlsx = path.join(dir, "tasks.xlsx");
  fs.writeFileSync(csv, csvText(csvRows));
  fs.writeFileSync(xlsx, xlsxFile(xlsxRows));
  return { csv, xlsx };
}

function run(mode, file, format, env = {}) {
  const out = execFileSync(process.execPath, ["--import", "tsx", self, "--child", mode, file, format], {
    encoding: "utf8",
    env: { ...process.env, ...env },
    maxBuffer: 1024 * 1024,
  });
  return JSON.parse(out.trim().split("\n").pop());
}

function measure(mode, file, format, env) {
  const runs = Array.from({ length: RUNS }, () => run(mode, file, format, env));
  return {
    seconds: Number((median(runs.map((r) => r.ms)) / 1000).toFixed(2)),
    cpuSeconds: Number((median(runs.map((r) => r.cpuMs)) / 1000).toFixed(2)),
    peakRssMiB: Math.round(median(runs.map((r) => r.maxRssMiB))),
    rows: runs[0].rows,
    eventLoopMaxMs: Number(Math.max(...runs.map((r) => r.loop.maxMs)).toFixed(1)),
    eventLoopP99Ms: Number(median(runs.map((r) => r.loop.p99Ms)).toFixed(1)),
    longestTurnCpuMs: Number(Math.max(...runs.map((r) => r.loop.maxTurnCpuMs ?? 0)).toFixed(1)),
    longestTurnsAtSeconds: runs.map((r) => Number((r.loop.maxTurnAtMs / 1000).toFixed(2))),
    longestGcPauseMs: Number(Math.max(...runs.map((r) => r.loop.longestGcMs)).toFixed(1)),
    turnCpuP99Ms: Number(median(runs.map((r) => r.loop.p99TurnCpuMs ?? 0)).toFixed(1)),
    mainThreadWaitedForCpuMs: Math.round(median(runs.map((r) => r.loop.waitedForCpuMs ?? 0))),
    ...(mode === "exceljs" ? { textCellsInColumnA: runs[0].texts } : {}),
  };
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "crewdesk-bench-import-"));
  try {
    const files = await writeFiles(dir);
    const result = { machine: machine(), rows: ROWS, distinctEmails: EMAILS, runs: RUNS, files: {} };
    const loadBefore = result.machine.loadAverage;
    for (const format of FORMATS) {
      const file = files[format];
      const entry = { bytes: fs.statSync(file).size };
      if (MODES.includes("reader")) entry.reader = measure("reader", file, format);
      if (MODES.includes("ceiling")) {
        const ceiling = measure(format === "csv" ? "papaparse" : "exceljs", file, format);
        entry.ceiling = {
          parser: format === "csv" ? "papaparse alone" : "exceljs WorkbookReader alone",
          ...ceiling,
        };
      }
      if (entry.reader && entry.ceiling) {
        entry.ratio = {
          time: Number((entry.reader.seconds / entry.ceiling.seconds).toFixed(2)),
          cpu: Number((entry.reader.cpuSeconds / entry.ceiling.cpuSeconds).toFixed(2)),
          peakRss: Number((entry.reader.peakRssMiB / entry.ceiling.peakRssMiB).toFixed(2)),
        };
      }
      if (MODES.includes("app")) {
        entry.app = { sqlite: measure("app", file, format, { BENCH_DIALECT: "sqlite" }) };
        if (process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL) {
          entry.app.postgres = measure("app", file, format, { BENCH_DIALECT: "postgres" });
        }
      }
      result.files[format] = entry;
    }
    report("import-reading", {
      ...result,
      loadAverageBefore: loadBefore,
      loadAverageAfter: machine().loadAverage,
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === "--child") await child(process.argv[3], process.argv[4], process.argv[5]);
else await main();
