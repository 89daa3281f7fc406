import type { FastifyInstance, InjectOptions } from "fastify";
import { afterAll, beforeAll } from "vitest";
import { type BuildAppOptions, buildApp } from "../../src/server/app.ts";
import { type Config, loadConfig } from "../../src/server/config.ts";
import type { Database } from "../../src/server/db/connection.ts";
import { createInProcessBus, createPostgresBus, type EventBus } from "../../src/server/events/bus.ts";
import { connectRedisCounters } from "../../src/server/http/redis-counters.ts";
import { type AppContext, createAppContext } from "../../src/server/kernel/context.ts";
import { sendDueEmails } from "../../src/server/mail/outbox-worker.ts";
import { createSmtpTransport, type MailTransport } from "../../src/server/mail/transport.ts";
import { type SmtpPeer, startSmtpPeer } from "./smtp-peer.ts";
import { createTestDatabase, type TestDatabase } from "./test-database.ts";

export const TEST_APP_URL = "http://crewdesk.test";

export interface TestResponse {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: string;
  // biome-ignore lint/suspicious/noExplicitAny: test bodies are asserted field by field
  json: any;
}

/** A browser-like client over `app.inject`: a cookie jar, and Origin = APP_URL on unsafe requests. */
export interface TestClient {
  request(options: InjectOptions): Promise<TestResponse>;
  get(url: string): Promise<TestResponse>;
  post(url: string, body?: unknown): Promise<TestResponse>;
  put(url: string, body?: unknown): Promise<TestResponse>;
  patch(url: string, body?: unknown): Promise<TestResponse>;
  delete(url: string): Promise<TestResponse>;
  cookies: Map<string, string>;
}

export interface TestApp {
  app: FastifyInstance;
  context: AppContext;
  smtp: SmtpPeer;
  client(options?: { origin?: string | null; ip?: string }): TestClient;
  /** Runs the outbox worker until nothing is due, delivering to the SMTP peer. */
  deliverMail(): Promise<number>;
  close(): Promise<void>;
}

function makeClient(app: FastifyInstance, origin: string | null, ip: string): TestClient {
  const cookies = new Map<string, string>();
  async function request(options: InjectOptions): Promise<TestResponse> {
    const headers: Record<string, string> = { ...(options.headers as Record<string, string> | undefined) };
    if (cookies.size) headers.cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    const method = (options.method ?? "GET").toUpperCase();
    if (origin && !["GET", "HEAD"].includes(method)) headers.origin = origin;
    const res = await app.inject({ ...options, headers, remoteAddress: ip });
    for (const c of res.cookies) {
      const expired = c.maxAge === 0 || (c.expires && c.expires.getTime() < Date.now());
      if (!c.value || expired) cookies.delete(c.name);
      else cookies.set(c.name, c.value);
    }
    let json: unknown;
    try {
      json = res.body ? JSON.parse(res.body) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.statusCode, headers: res.headers, body: res.body, json };
  }
  const withBody = (method: "POST" | "PUT" | "PATCH") => (url: string, body?: unknown) =>
    request({ method, url, ...(body === undefined ? {} : { payload: body as object }) });
  return {
    request,
    cookies,
    get: (url) => request({ method: "GET", url }),
    post: withBody("POST"),
    put: withBody("PUT"),
    patch: withBody("PATCH"),
    delete: (url) => request({ method: "DELETE", url }),
  };
}

export interface TestAppOptions {
  /** Test-only routes, added before the app is ready (e.g. a route with a body schema to validate). */
  routes?: (app: FastifyInstance) => void | Promise<void>;
  /** Logs through the app's own logger (level LOG_LEVEL or info) into this stream; silent by default. */
  logStream?: NodeJS.WritableStream;
  /** The database as the app is given it, e.g. with a Kysely plugin that records every statement. */
  wrapDatabase?: (database: Database) => Database;
}

/**
 * The real application on a fresh database of the dialect under test, with a real SMTP peer.
 * `env` overrides configuration variables as the environment would.
 */
export async function startTestApp(
  env: Record<string, string> = {},
  options: TestAppOptions = {},
): Promise<TestApp> {
  const testDb: TestDatabase = await createTestDatabase();
  const smtp = await startSmtpPeer();
  // Money is not the point of most files: they run with PAYMENTS=off, and the money tests (and any test
  // that wants a send to reserve) start the app with `{ PAYMENTS: "prepaid" }` and fund the company.
  const config: Config = loadConfig({
    APP_URL: TEST_APP_URL,
    SMTP_URL: smtp.url,
    NODE_ENV: "test",
    PAYMENTS: "off",
    ...env,
  });
  const database = options.wrapDatabase?.(testDb.database) ?? testDb.database;
  const bus: EventBus =
    database.dialect === "postgres" ? await createPostgresBus(database.url) : createInProcessBus();
  // REDIS_URL in `env`: the rate limits count in that Redis, as the server process does (main.ts).
  const redis = config.redisUrl
    ? await connectRedisCounters(config.redisUrl, {
        prefix: config.redisKeyPrefix,
        onError: (error) => console.error(`Redis: ${error.message}`),
      })
    : null;
  const context = createAppContext({ config, database, bus, ...(redis && { rateCounters: redis.store }) });
  const appOptions: BuildAppOptions = options.logStream
    ? { logStream: options.logStream }
    : { logger: false };
  const app = await buildApp(context, appOptions);
  await options.routes?.(app);
  await app.ready();
  const transport: MailTransport = createSmtpTransport(smtp.url, config.mailFrom);
  let clientNo = 0;
  return {
    app,
    context,
    smtp,
    client: ({ origin = TEST_APP_URL, ip } = {}) =>
      makeClient(app, origin, ip ?? `10.0.0.${++clientNo % 250}`),
    async deliverMail() {
      let total = 0;
      for (;;) {
        const sent = await sendDueEmails(database, transport);
        total += sent;
        if (sent === 0) return total;
      }
    },
    async close() {
      transport.close();
      await app.close();
      await bus.close();
      await redis?.close();
      await smtp.close();
      await testDb.destroy();
    },
  };
}

/**
 * The real app (see startTestApp) for the tests of one file: started before them, closed after them.
 * `const t = setUpTestApp()` at the top of a file; the object it returns stands for the app once started.
 */
export function setUpTestApp(env: Record<string, string> = {}, options: TestAppOptions = {}): TestApp {
  let started: TestApp | undefined;
  beforeAll(async () => {
    started = await startTestApp(env, options);
  });
  afterAll(async () => {
    await started?.close();
  });
  return new Proxy({} as TestApp, {
    get(_target, key: keyof TestApp) {
      if (!started) throw new Error("The test app starts before the first test: use it in a test or a hook.");
      return started[key];
    },
  });
}
