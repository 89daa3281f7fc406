import { openDatabase } from "../../src/server/db/connection.ts";
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
