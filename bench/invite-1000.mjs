// 1,000 new addresses in one request: the server's time (median of RUNS) and the time until a local SMTP
// server has received all 1,000 emails, on SQLite or PostgreSQL.
//
//   node --import tsx bench/invite-1000.mjs sqlite
//   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test node --import tsx bench/invite-1000.mjs postgres
//
// The app runs as in production (HTTP on a local port, the outbox worker sending over pooled SMTP); the
// SMTP server runs in a child process of its own.
import { fork } from "node:child_process";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { SMTPServer } from "smtp-server";
import { buildApp } from "../src/server/app.ts";
import { createSession } from "../src/server/auth/sessions.ts";
import { loadConfig } from "../src/server/config.ts";
import { createInProcessBus, createPostgresBus } from "../src/server/events/bus.ts";
import { sessionCookieName } from "../src/server/http/auth-context.ts";
import { startWorkers } from "../src/server/workers.ts";
import { buildCompany, buildUser } from "../test/support/factories.ts";
import { createTestDatabase } from "../test/support/test-database.ts";

if (process.argv[2] === "--smtp-peer") {
  // The child: a real SMTP server that reads each message to its end and reports it (no MIME parsing:
  // the figure is the app's delivery, not a parser's speed).
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, _session, callback) {
      stream.on("data", () => {});
      stream.on("end", () => {
        process.send?.({ received: 1 });
        callback();
      });
    },
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  process.send?.({ url: `smtp://127.0.0.1:${server.server.address().port}` });
  process.on("disconnect", () => server.close(() => process.exit(0)));
  await new Promise(() => {});
}

const dialect = process.argv[2] ?? "sqlite";
const runs = Number(process.env.RUNS ?? 7);
const APP_URL = "http://bench.local";

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

const testDb = await createTestDatabase(dialect);
const { database } = testDb;
const child = fork(fileURLToPath(import.meta.url), ["--smtp-peer"], { execArgv: ["--import", "tsx"] });
const smtp = { url: "", received: 0 };
await new Promise((resolve) => {
  child.on("message", (message) => {
    if (message.url) {
      smtp.url = message.url;
      resolve();
    }
    if (message.received) smtp.received += message.received;
  });
});
const config = loadConfig({ APP_URL, SMTP_URL: smtp.url, NODE_ENV: "test", INVITES_PER_HOUR: "100000" });
const bus = dialect === "postgres" ? await createPostgresBus(database.url) : createInProcessBus();
const context = { config, database, bus };
const app = await buildApp(context, { logger: false });
const workers = startWorkers(context, app.log);
await app.listen({ port: 0, host: "127.0.0.1" });
const base = `http://127.0.0.1:${app.server.address().port}`;

async function oneRun(label) {
  const owner = await buildUser(database.db, { email: `owner-${label}@bench.test`, name: "Bench Owner" });
  const company = await buildCompany(database.db, { owner, name: `Bench ${label}` });
  const token = await createSession(database.db, owner.id);
  const emails = Array.from({ length: 1000 }, (_, i) => `Person ${i} <person.${label}.${i}@bench.test>`).join(
    ",\n",
  );
  const before = smtp.received;
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  const res = await fetch(`${base}/api/companies/${company.id}/contractors/invitations`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      origin: APP_URL,
      cookie: `${sessionCookieName(config)}=${token}`,
    },
    body: JSON.stringify({ emails, message: "Welcome to the benchmark." }),
  });
  const serverMs = performance.now() - started;
  const cpu1 = process.cpuUsage(cpu0);
  const body = await res.json();
  if (res.status !== 200 || body.results.filter((r) => r.outcome === "invited").length !== 1000) {
    throw new Error(`run ${label}: ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
  }
  while (smtp.received - before < 1000) {
    if (performance.now() - started > 60_000) throw new Error(`run ${label}: mail still arriving after 60 s`);
    await new Promise((r) => setTimeout(r, 5));
  }
  const deliveredMs = performance.now() - started;
  const cpu2 = process.cpuUsage(cpu0);
  // CPU time of the app process (this one): a figure that a busy shared machine distorts far less.
  const cpuMs = (u) => (u.user + u.system) / 1000;
  return { serverMs, deliveredMs, serverCpuMs: cpuMs(cpu1), deliveryCpuMs: cpuMs(cpu2) };
}

await oneRun("warmup");
const results = [];
for (let i = 0; i < runs; i++) results.push(await oneRun(`r${i}`));

const server = results.map((r) => r.serverMs);
const delivered = results.map((r) => r.deliveredMs);
console.log(
  JSON.stringify(
    {
      benchmark: "invite-1000",
      database: dialect,
      runs,
      serverMs: {
        median: Math.round(median(server)),
        min: Math.round(Math.min(...server)),
        max: Math.round(Math.max(...server)),
      },
      allDeliveredMs: {
        median: Math.round(median(delivered)),
        min: Math.round(Math.min(...delivered)),
        max: Math.round(Math.max(...delivered)),
      },
      appCpuMs: {
        requestMedian: Math.round(median(results.map((r) => r.serverCpuMs))),
        untilAllDeliveredMedian: Math.round(median(results.map((r) => r.deliveryCpuMs))),
      },
      machine: {
        nproc: os.cpus().length,
        cpu: os.cpus()[0]?.model,
        node: process.version,
        loadavg: os.loadavg().map((l) => l.toFixed(1)),
      },
    },
    null,
    2,
  ),
);

await workers.stop();
await app.close();
await bus.close();
child.disconnect();
await testDb.destroy();
