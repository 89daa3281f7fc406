import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll } from "vitest";
import { startPostgresCluster } from "../../scripts/lib/postgres-cluster.mjs";
import { buildApp } from "../../src/server/app.ts";
import { loadConfig } from "../../src/server/config.ts";
import { type Database, type Dialect, openDatabase } from "../../src/server/db/connection.ts";
import { migrateToLatest } from "../../src/server/db/migrate.ts";
import type { TransferKind } from "../../src/server/db/types.ts";
import { createInProcessBus } from "../../src/server/events/bus.ts";
import { type AppContext, createAppContext } from "../../src/server/kernel/context.ts";
import { buildCompany, buildSession } from "./factories.ts";
import { freePort } from "./ports.ts";
import { type ServerProcess, startServerProcess } from "./server-process.ts";

/** The app as its own process, as production runs it, on `databaseUrl`; killed with SIGKILL by `stop()`. */
export interface RunningApp {
  server: ServerProcess;
  base: string;
}

/** Starts `src/server/main.ts` and waits until it listens (it migrates the database first). */
export async function startApp(databaseUrl: string, env: Record<string, string> = {}): Promise<RunningApp> {
  const port = await freePort();
  const server = startServerProcess({
    PORT: String(port),
    HOST: "127.0.0.1",
    DATABASE_URL: databaseUrl,
    ...env,
  });
  await server.waitForOutput(/Crewdesk is running at \S+/, 120_000);
  return { server, base: `http://127.0.0.1:${port}` };
}

/** A company with its owner, and a Bearer session token of the owner (no Origin check, as an API client). */
export async function ownerOfNewCompany(databaseUrl: string): Promise<{ companyId: string; token: string }> {
  const database = openDatabase(databaseUrl);
  try {
    const company = await buildCompany(database.db);
    const session = await buildSession(database.db, company.owner);
    return { companyId: company.id, token: session.token };
  } finally {
    await database.close();
  }
}

export interface TimedAnswer {
  status: number;
  contentType: string;
  retryAfter: string | null;
  body: Record<string, unknown>;
  ms: number;
}

/** One request with a JSON body (or none), and how long its answer took; never throws for a status. */
export async function timedRequest(
  url: string,
  init: { method?: string; token?: string; body?: unknown } = {},
): Promise<TimedAnswer> {
  const started = performance.now();
  const headers: Record<string, string> = {};
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(url, {
    method: init.method ?? "GET",
    headers,
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    signal: AbortSignal.timeout(60_000),
  });
  const text = await res.text();
  return {
    status: res.status,
    contentType: res.headers.get("content-type") ?? "",
    retryAfter: res.headers.get("retry-after"),
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    ms: performance.now() - started,
  };
}

/** Asks `probe` every 200 ms until it is true; fails after `timeoutMs` saying what was awaited. */
export async function waitUntil(
  what: string,
  probe: () => Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The databases the kill tests run on: each test once on a SQLite file, once on a PostgreSQL of its own. */
export const FAULT_DIALECTS: readonly Dialect[] = ["sqlite", "postgres"];

/** A database of one fault test's: a SQLite file in a temporary folder, or a throwaway PostgreSQL cluster. */
export interface FaultDatabase {
  dialect: Dialect;
  url: string;
  /** Deletes the file, or stops and deletes the cluster. */
  remove(): void;
}

/** Never the shared server: a kill test's PostgreSQL is a cluster of its own (scripts/lib/postgres-cluster.mjs). */
export async function createFaultDatabase(dialect: Dialect): Promise<FaultDatabase> {
  if (dialect === "postgres") {
    const cluster = await startPostgresCluster();
    return { dialect, url: cluster.url, remove: () => cluster.remove() };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "crewdesk-fault-"));
  return {
    dialect,
    url: `sqlite:${path.join(dir, "crewdesk.sqlite")}`,
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * The app's context in the test's own process, on the migrated database, with the features' hooks registered
 * (money pays on acceptance) and no workers: for seeding through the use cases and reading what the app
 * process wrote. It never listens.
 */
export async function inProcessContext(
  databaseUrl: string,
  env: Record<string, string> = {},
): Promise<AppContext> {
  const database: Database = openDatabase(databaseUrl);
  await migrateToLatest(database);
  const config = loadConfig({ NODE_ENV: "test", DATABASE_URL: databaseUrl, WORKERS: "off", ...env });
  const context = createAppContext({ config, database, bus: createInProcessBus() });
  await buildApp(context);
  return context;
}

/**
 * Sends `request(id)` for the ids in order over `connections` connections, and kills `app` with SIGKILL once
 * `killAfter` of them have been answered; stops sending then. Resolves with each answered id's status, once
 * the process has exited.
 */
export async function requestUntilKilled(
  app: RunningApp,
  ids: readonly string[],
  options: { connections: number; killAfter: number; request: (id: string) => Promise<TimedAnswer> },
): Promise<Map<string, number>> {
  const answered = new Map<string, number>();
  let next = 0;
  let killed = false;
  const loop = async () => {
    while (next < ids.length && !killed) {
      const id = ids[next++] as string;
      const answer = await options.request(id).catch(() => null);
      if (answer) answered.set(id, answer.status);
      if (!killed && answered.size >= options.killAfter) {
        killed = true;
        app.server.child.kill("SIGKILL");
      }
    }
  };
  await Promise.all(Array.from({ length: options.connections }, loop));
  const exit = await app.server.exited;
  if (exit !== "SIGKILL") throw new Error(`the app ended with ${exit}, not killed`);
  return answered;
}

/** Sends `request(id)` for every id over `connections` connections; resolves with the answers in order. */
export async function requestAll(
  ids: readonly string[],
  connections: number,
  request: (id: string) => Promise<TimedAnswer>,
): Promise<TimedAnswer[]> {
  const answers: TimedAnswer[] = [];
  let next = 0;
  const loop = async () => {
    while (next < ids.length) {
      const i = next++;
      answers[i] = await request(ids[i] as string);
    }
  };
  await Promise.all(Array.from({ length: connections }, loop));
  return answers;
}

/** A kill test's database and what runs on it, for one `describe` of `describe.each(FAULT_DIALECTS)`. */
export interface FaultRun {
  /** The database's URL (from the describe's beforeAll on). */
  readonly url: string;
  /** Starts the app as its own process on the database; it is killed after the test. */
  start(env?: Record<string, string>): Promise<RunningApp>;
  /** The app's context in this process (`inProcessContext`), opened once and closed after the describe. */
  context(env?: Record<string, string>): Promise<AppContext>;
}

/**
 * Creates the describe's database before its tests (`createFaultDatabase`) and removes it after them; the
 * apps a test started are killed after that test, so the next one's app is the only one on the database.
 */
export function useFaultDatabase(dialect: Dialect): FaultRun {
  let store: FaultDatabase | undefined;
  let context: Promise<AppContext> | undefined;
  let apps: RunningApp[] = [];
  beforeAll(async () => {
    store = await createFaultDatabase(dialect);
  });
  afterEach(async () => {
    for (const app of apps) app.server.stop();
    await Promise.all(apps.map((app) => app.server.exited));
    apps = [];
  });
  afterAll(async () => {
    await (await context)?.database.close();
    store?.remove();
  });
  const url = () => {
    if (!store) throw new Error("the fault database is created in beforeAll");
    return store.url;
  };
  return {
    get url() {
      return url();
    },
    async start(env = {}) {
      const app = await startApp(url(), env);
      apps.push(app);
      return app;
    },
    context(env = {}) {
      context ??= inProcessContext(url(), env);
      return context;
    },
  };
}

/**
 * How many ledger transfers of each of `kinds` reference each id: `count(id, kind)`. What a kill test
 * asserts money moved once, or not at all, with.
 */
export async function transfersByReference(
  database: Database,
  kinds: readonly TransferKind[],
): Promise<(referenceId: string, kind: TransferKind) => number> {
  const legs = await database.db
    .selectFrom("ledger_transfers")
    .select(["reference_id", "kind", (eb) => eb.fn.countAll<number | string>().as("n")])
    .where("kind", "in", [...kinds])
    .groupBy(["reference_id", "kind"])
    .execute();
  return (id, kind) => Number(legs.find((l) => l.reference_id === id && l.kind === kind)?.n ?? 0);
}
