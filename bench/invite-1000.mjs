// 1,000 new addresses in one request: the server's time (median of RUNS) and the time until a local SMTP
// server has received all 1,000 emails, on SQLite or PostgreSQL.
//
//   node --import tsx bench/invite-1000.mjs sqlite
//   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test node --import tsx bench/invite-1000.mjs postgres
//
// The app runs as in production (HTTP on a local port, the outbox worker sending over pooled SMTP); the
// SMTP server runs in a child process of its own.
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { buildCompany, buildUser } from "../test/support/factories.ts";
import { BENCH_APP_URL, openFreshDatabase, startAppInProcess } from "./lib/app-in-process.mjs";
import { machine, median, ownCpuMs } from "./lib/bench.mjs";
import { startSmtpSink } from "./lib/smtp-sink.mjs";

if (process.argv[2] === "--smtp-peer") {
  // The child: the SMTP sink, reporting each message it has read to its end.
  const sink = await startSmtpSink(() => process.send?.({ received: 1 }));
  process.send?.({ url: sink.url });
  process.on("disconnect", () => sink.close().then(() => process.exit(0)));
  await new Promise(() => {});
}

const dialect = process.argv[2] ?? "sqlite";
const runs = Number(process.env.RUNS ?? 7);
// INVITES (default 1000) makes a quick check of the script possible; the figures are for 1,000.
const invites = Number(process.env.INVITES ?? 1000);

const fresh = await openFreshDatabase(dialect);
const { database } = fresh;
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
const server = await startAppInProcess(database, {
  env: { SMTP_URL: smtp.url, INVITES_PER_HOUR: "100000", NEW_COMPANY_INVITES_PER_DAY: "100000" },
  workers: true,
});

async function oneRun(label) {
  const owner = await buildUser(database.db, { email: `owner-${label}@bench.test`, name: "Bench Owner" });
  const company = await buildCompany(database.db, { owner, name: `Bench ${label}` });
  const cookie = await server.cookieFor(owner.id);
  const emails = Array.from(
    { length: invites },
    (_, i) => `Person ${i} <person.${label}.${i}@bench.test>`,
  ).join(",\n");
  const before = smtp.received;
  const cpu0 = ownCpuMs();
  const started = performance.now();
  const res = await fetch(`${server.url}/api/companies/${company.id}/contractors/invitations`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      origin: BENCH_APP_URL,
      cookie,
    },
    body: JSON.stringify({ emails, message: "Welcome to the benchmark." }),
  });
  const serverMs = performance.now() - started;
  const cpu1 = ownCpuMs() - cpu0;
  const body = await res.json();
  if (res.status !== 200 || body.results.filter((r) => r.outcome === "invited").length !== invites) {
    throw new Error(`run ${label}: ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
  }
  while (smtp.received - before < invites) {
    if (performance.now() - started > 60_000) throw new Error(`run ${label}: mail still arriving after 60 s`);
    await new Promise((r) => setTimeout(r, 5));
  }
  const deliveredMs = performance.now() - started;
  // CPU time of the app process (this one): a figure that a busy shared machine distorts far less.
  const cpu2 = ownCpuMs() - cpu0;
  return { serverMs, deliveredMs, serverCpuMs: cpu1, deliveryCpuMs: cpu2 };
}

await oneRun("warmup");
const results = [];
for (let i = 0; i < runs; i++) results.push(await oneRun(`r${i}`));

const serverTimes = results.map((r) => r.serverMs);
const delivered = results.map((r) => r.deliveredMs);
console.log(
  JSON.stringify(
    {
      benchmark: "invite-1000",
      database: dialect,
      runs,
      serverMs: {
        median: Math.round(median(serverTimes)),
        min: Math.round(Math.min(...serverTimes)),
        max: Math.round(Math.max(...serverTimes)),
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
      machine: machine(),
    },
    null,
    2,
  ),
);

await server.close();
child.disconnect();
await fresh.destroy();
