// The load suite: mixed traffic at 50 connections for 60 s, each connection signed in once as its own user
// (an owner of their own company), within the default rate limits, on SQLite and on PostgreSQL; then a flood
// of sign-ins beside the task list, to show that password hashing is bounded and cannot starve other routes.
//
//   npm run bench:load                                   # SQLite, then PostgreSQL
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:load
//
// DIALECTS (default "sqlite,postgres"; PostgreSQL needs BENCH_DATABASE_URL or TEST_DATABASE_URL),
// CONNECTIONS (50), DURATION (60 s), IMPORTERS (2: import loops beside the traffic), FLOOD_SECONDS (15),
// FLOOD_CONNECTIONS (100). A quick check: `DURATION=5 FLOOD_SECONDS=3 DIALECTS=sqlite npm run bench:load`.
//
// One cycle of a connection, over and over: the task list, a new task sent to one of the company's
// contractors (its amount reserved), the contractors list, the task cancelled (the reservation released),
// one invitation of a new address, the task list searched by a word. Beside it, IMPORTERS loops each upload a
// 20-row task file (18 of the team's contractors, 2 new addresses), wait for its preview, commit it and wait
// for it to be done. The app runs as production runs it, in a process of its own, mail going to a local SMTP
// server. Exits non-zero on any error or unexpected answer.
import autocannon from "autocannon";
import { hashPassword } from "../src/server/auth/passwords.ts";
import { loadConfig } from "../src/server/config.ts";
import { openDatabase } from "../src/server/db/connection.ts";
import { createInProcessBus } from "../src/server/events/bus.ts";
import { createAppContext } from "../src/server/kernel/context.ts";
import { buildCompany, buildContractor, buildUser } from "../test/support/factories.ts";
import { fundCompany } from "../test/support/money.ts";
import { startAppProcess } from "./lib/app-process.mjs";
import { cpuMs, machine, report } from "./lib/bench.mjs";
import { freshDatabase } from "./lib/database.mjs";
import { startSmtpSink } from "./lib/smtp-sink.mjs";

const DIALECTS = (process.env.DIALECTS ?? "sqlite,postgres").split(",");
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 50);
const DURATION = Number(process.env.DURATION ?? 60);
const IMPORTERS = Number(process.env.IMPORTERS ?? 2);
const FLOOD_SECONDS = Number(process.env.FLOOD_SECONDS ?? 15);
const FLOOD_CONNECTIONS = Number(process.env.FLOOD_CONNECTIONS ?? 100);
const CONTRACTORS_PER_COMPANY = 20;
const PASSWORD = "load suite passphrase 1";
const unlimited = "1000000000";

const round = (n) => Math.round(n * 100) / 100;

/** CONNECTIONS companies, each with its owner (a real password) and active contractors, and money. */
async function seed(databaseUrl, appUrl) {
  const database = openDatabase(databaseUrl);
  try {
    const config = loadConfig({ APP_URL: appUrl, NODE_ENV: "test", PAYMENTS: "prepaid" });
    const context = createAppContext({ config, database, bus: createInProcessBus() });
    const { db } = database;
    const passwordHash = await hashPassword(PASSWORD);
    // Older than a day, as a company at work is: the first day's lower invitation allowance is not the point.
    const monthAgo = new Date(Date.now() - 30 * 86_400_000).toISOString();
    const owners = [];
    for (let i = 0; i < CONNECTIONS; i++) {
      const owner = await buildUser(db, { email: `owner${i}@load.test`, name: `Owner ${i}`, passwordHash });
      const company = await buildCompany(db, { owner, name: `Load Company ${i}` });
      await db.updateTable("companies").set({ created_at: monthAgo }).where("id", "=", company.id).execute();
      const contractors = [];
      for (let c = 0; c < CONTRACTORS_PER_COMPANY; c++) {
        const user = await buildUser(db, {
          email: `carla${i}-${c}@load.test`,
          name: `Carla Contractor ${i}-${c}`,
        });
        const built = await buildContractor(db, {
          companyId: company.id,
          user,
          status: "active",
          accepted: true,
        });
        contractors.push({ id: built.id, email: user.email });
      }
      await fundCompany({ context }, company, "1000000.00", "EUR");
      owners.push({ email: owner.email, companyId: company.id, contractors });
    }
    return owners;
  } finally {
    await database.close();
  }
}

/** Signs in through the API, once per user; returns the session cookie. */
async function signIn(appUrl, email) {
  const response = await fetch(`${appUrl}/api/auth/sign-in`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: appUrl },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  if (response.status !== 200)
    throw new Error(`sign-in answered ${response.status}: ${await response.text()}`);
  return response.headers.getSetCookie()[0].split(";")[0];
}

function summarise(result) {
  return {
    requests: result.requests.total,
    requestsPerSec: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p90Ms: result.latency.p90,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes: Object.fromEntries(
      Object.entries(result.statusCodeStats ?? {}).map(([k, v]) => [k, v.count]),
    ),
  };
}

/** The mixed traffic: each autocannon connection takes the next user on its first request and keeps it. */
function mixedTraffic(appUrl, users) {
  let nextUser = 0;
  let serial = 0;
  const unexpected = [];
  const userOf = (context) => {
    context.user ??= users[nextUser++ % users.length];
    return context.user;
  };
  const headers = (context) => ({
    cookie: userOf(context).cookie,
    origin: appUrl,
    "content-type": "application/json",
  });
  const expect = (status) => (code, body) => {
    if (code !== status && unexpected.length < 20) unexpected.push(`${code} ${String(body).slice(0, 200)}`);
  };
  const company = (context) => `/api/companies/${userOf(context).companyId}`;
  const requests = [
    {
      setupRequest: (req, context) => ({
        ...req,
        method: "GET",
        path: `${company(context)}/tasks?limit=50`,
        headers: headers(context),
      }),
      onResponse: expect(200),
    },
    {
      setupRequest: (req, context) => {
        const { contractors } = userOf(context);
        const n = serial++;
        return {
          ...req,
          method: "POST",
          path: `${company(context)}/tasks`,
          headers: headers(context),
          body: JSON.stringify({
            title: `Translate page ${n}`,
            amount: "10.00",
            currency: "EUR",
            contractorId: contractors[n % contractors.length].id,
            send: true,
          }),
        };
      },
      onResponse: (code, body, context) => {
        expect(201)(code, body);
        if (code === 201) context.taskId = JSON.parse(body).id;
      },
    },
    {
      setupRequest: (req, context) => ({
        ...req,
        method: "GET",
        path: `${company(context)}/contractors?limit=50`,
        headers: headers(context),
      }),
      onResponse: expect(200),
    },
    {
      setupRequest: (req, context) => ({
        ...req,
        method: "POST",
        path: `${company(context)}/tasks/${context.taskId}/cancel`,
        headers: headers(context),
        body: "{}",
      }),
      onResponse: expect(200),
    },
    {
      setupRequest: (req, context) => ({
        ...req,
        method: "POST",
        path: `${company(context)}/contractors/invitations`,
        headers: headers(context),
        body: JSON.stringify({ emails: `new${serial++}.${process.pid}@load.test` }),
      }),
      onResponse: expect(200),
    },
    {
      setupRequest: (req, context) => ({
        ...req,
        method: "GET",
        path: `${company(context)}/tasks?q=translate&status=cancelled&limit=50`,
        headers: headers(context),
      }),
      onResponse: expect(200),
    },
  ];
  return { requests, unexpected };
}

function importFile(contractors, n) {
  const rows = [["Contractor email", "Task title", "Amount", "Currency"]];
  for (let r = 0; r < 20; r++) {
    const email =
      r < 18 ? contractors[r % contractors.length].email : `imported${n}-${r}.${process.pid}@load.test`;
    rows.push([email, `Imported task ${n}-${r}`, "25.00", "EUR"]);
  }
  return `${rows.map((cells) => cells.join(",")).join("\r\n")}\r\n`;
}

async function waitForImport(appUrl, user, id, statuses) {
  for (;;) {
    const response = await fetch(`${appUrl}/api/companies/${user.companyId}/task-imports/${id}`, {
      headers: { cookie: user.cookie },
    });
    if (response.status !== 200) throw new Error(`import ${id}: GET answered ${response.status}`);
    const body = await response.json();
    if (statuses.includes(body.status)) return body;
    if (body.status === "failed") throw new Error(`import ${id} failed: ${body.error}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** One import loop until `until`: upload, preview, commit, done; each import's seconds. */
async function importLoop(appUrl, user, until, loopIndex) {
  const seconds = [];
  for (let n = 0; Date.now() < until; n++) {
    const started = performance.now();
    const form = new FormData();
    form.append("file", new Blob([importFile(user.contractors, `${loopIndex}-${n}`)]), "tasks.csv");
    const upload = await fetch(`${appUrl}/api/companies/${user.companyId}/task-imports`, {
      method: "POST",
      headers: { cookie: user.cookie, origin: appUrl },
      body: form,
    });
    if (upload.status !== 202) throw new Error(`upload answered ${upload.status}: ${await upload.text()}`);
    const { id } = await upload.json();
    await waitForImport(appUrl, user, id, ["validated"]);
    const commit = await fetch(`${appUrl}/api/companies/${user.companyId}/task-imports/${id}/commit`, {
      method: "POST",
      headers: { cookie: user.cookie, origin: appUrl, "content-type": "application/json" },
      body: JSON.stringify({ allowSameFile: true, send: false }),
    });
    if (commit.status !== 202) throw new Error(`commit answered ${commit.status}: ${await commit.text()}`);
    const done = await waitForImport(appUrl, user, id, ["done"]);
    if (done.result?.createdTasks !== 20)
      throw new Error(`import ${id} created ${done.result?.createdTasks}`);
    seconds.push((performance.now() - started) / 1000);
  }
  return seconds;
}

async function mixedPhase(databaseUrl, smtpUrl) {
  const app = await startAppProcess(databaseUrl, { SMTP_URL: smtpUrl, PAYMENTS: "prepaid" });
  try {
    const owners = await seed(databaseUrl, app.url);
    const users = [];
    for (const owner of owners) users.push({ ...owner, cookie: await signIn(app.url, owner.email) });
    const { requests, unexpected } = mixedTraffic(app.url, users);
    const cpuBefore = cpuMs(app.child.pid);
    const until = Date.now() + DURATION * 1000;
    const imports = Promise.all(
      users.slice(0, IMPORTERS).map((user, i) => importLoop(app.url, user, until, i)),
    );
    const result = await autocannon({ url: app.url, connections: CONNECTIONS, duration: DURATION, requests });
    const importSeconds = (await imports).flat().sort((a, b) => a - b);
    const appCpuMs = cpuMs(app.child.pid) - cpuBefore;
    return {
      users,
      traffic: {
        ...summarise(result),
        appCpuMsPerRequest: round(appCpuMs / result.requests.total),
        unexpected,
      },
      imports: {
        done: importSeconds.length,
        medianSeconds: round(importSeconds[Math.floor(importSeconds.length / 2)] ?? Number.NaN),
        maxSeconds: round(importSeconds.at(-1) ?? Number.NaN),
      },
    };
  } finally {
    await app.stop();
  }
}

/**
 * The task list alone (10 connections), then the same beside a flood of sign-ins. The sign-in limits are
 * raised for this phase only, so that every attempt reaches the password hash.
 */
async function floodPhase(databaseUrl, smtpUrl, user) {
  const app = await startAppProcess(databaseUrl, {
    SMTP_URL: smtpUrl,
    RATE_LIMIT_SIGN_IN_ACCOUNT_MAX: unlimited,
    RATE_LIMIT_SIGN_IN_ACCOUNT_IP_MAX: unlimited,
    RATE_LIMIT_SIGN_IN_IP_MAX: unlimited,
  });
  try {
    const cookie = await signIn(app.url, user.email);
    const list = {
      url: `${app.url}/api/companies/${user.companyId}/tasks?limit=50`,
      connections: 10,
      duration: FLOOD_SECONDS,
      headers: { cookie },
    };
    const alone = await autocannon(list);
    const [beside, flood] = await Promise.all([
      autocannon(list),
      autocannon({
        url: `${app.url}/api/auth/sign-in`,
        method: "POST",
        connections: FLOOD_CONNECTIONS,
        duration: FLOOD_SECONDS,
        headers: { "content-type": "application/json", origin: app.url },
        body: JSON.stringify({ email: user.email, password: PASSWORD }),
      }),
    ]);
    return { listAlone: summarise(alone), listDuringFlood: summarise(beside), signInFlood: summarise(flood) };
  } finally {
    await app.stop();
  }
}

const results = [];
let failed = false;
for (const dialect of DIALECTS) {
  let delivered = 0;
  const smtp = await startSmtpSink(() => delivered++);
  const fresh = await freshDatabase(dialect);
  try {
    const mixed = await mixedPhase(fresh.url, smtp.url);
    const flood = await floodPhase(fresh.url, smtp.url, mixed.users[0]);
    const t = mixed.traffic;
    const ok = t.non2xx === 0 && t.errors === 0 && t.timeouts === 0 && mixed.imports.done > 0;
    failed ||= !ok;
    const result = {
      database: fresh.label,
      connections: CONNECTIONS,
      durationSeconds: DURATION,
      mixed: t,
      imports: mixed.imports,
      mailsDelivered: delivered,
      flood,
      ok,
      machine: machine(),
    };
    results.push(result);
    report(`load-${dialect}`, result);
    const f = flood;
    console.log(
      `| ${fresh.label} | ${t.requestsPerSec} req/s | p50 ${t.p50Ms} ms | p99 ${t.p99Ms} ms | non-2xx ${t.non2xx}, errors ${t.errors + t.timeouts} | ${mixed.imports.done} imports (median ${mixed.imports.medianSeconds} s) |`,
    );
    console.log(
      `| ${fresh.label} flood | list alone p99 ${f.listAlone.p99Ms} ms | list beside ${f.signInFlood.requestsPerSec} sign-in attempts/s: p99 ${f.listDuringFlood.p99Ms} ms | sign-ins ${JSON.stringify(f.signInFlood.statusCodes)} p99 ${f.signInFlood.p99Ms} ms |`,
    );
  } finally {
    await fresh.drop();
    await smtp.close();
  }
}
if (failed) {
  console.error("the load suite saw errors or unexpected answers (see `unexpected` above)");
  process.exitCode = 1;
}
