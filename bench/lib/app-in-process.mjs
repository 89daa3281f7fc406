// The app built in the benchmark's own process (run the script with `node --import tsx`): a fresh migrated
// database, the app listening on a free local port, and session cookies made straight in the database, so
// a script can seed large data sets directly and then load the real HTTP routes.
import { buildApp } from "../../src/server/app.ts";
import { sessionCookieName } from "../../src/server/auth/session-cookie.ts";
import { createSession } from "../../src/server/auth/sessions.ts";
import { loadConfig } from "../../src/server/config.ts";
import { openDatabase } from "../../src/server/db/connection.ts";
import { migrateToLatest } from "../../src/server/db/migrate.ts";
import { createInProcessBus, createPostgresBus } from "../../src/server/events/bus.ts";
import { createAppContext } from "../../src/server/kernel/context.ts";
import { startWorkers } from "../../src/server/workers.ts";
import { buildCompany, buildUser } from "../../test/support/factories.ts";
import { freshDatabase } from "./database.mjs";

export const BENCH_APP_URL = "http://bench.local";

/** A fresh, migrated database ("sqlite" or "postgres"): { database, label, destroy() }. */
export async function openFreshDatabase(dialect) {
  const fresh = await freshDatabase(dialect);
  const database = openDatabase(fresh.url);
  try {
    await migrateToLatest(database);
  } catch (error) {
    await database.close();
    await fresh.drop();
    throw error;
  }
  return {
    database,
    label: fresh.label,
    async destroy() {
      await database.close();
      await fresh.drop();
    },
  };
}

/**
 * Builds the app over `database` and listens on a free port. `env` adds settings; `workers: true` also
 * runs the background workers (outbox, …) and, on PostgreSQL, the LISTEN/NOTIFY bus, as production does.
 * Returns { app, config, context, url, cookieFor(userId), close() }.
 */
export async function startAppInProcess(database, { env = {}, workers = false } = {}) {
  const config = loadConfig({ APP_URL: BENCH_APP_URL, NODE_ENV: "test", ...env });
  const bus =
    workers && database.dialect === "postgres" ? await createPostgresBus(database.url) : createInProcessBus();
  const context = createAppContext({ config, database, bus });
  const app = await buildApp(context, { logger: false });
  const running = workers ? startWorkers(context, app.log) : undefined;
  await app.listen({ port: 0, host: "127.0.0.1" });
  return {
    app,
    config,
    context,
    url: `http://127.0.0.1:${app.server.address().port}`,
    /** A signed-in session for the user, as the `cookie` header value. */
    cookieFor: async (userId) => `${sessionCookieName(config)}=${await createSession(database.db, userId)}`,
    async close() {
      await running?.stop();
      await app.close();
      await bus.close();
    },
  };
}

/**
 * The company under test ("Big Company", its owner owner@bench.test) and, with `neighbour: true`, a second
 * company whose rows the queries must skip. Returns { owner, company, neighbour? }.
 */
export async function createBenchCompany(database, { neighbour = false } = {}) {
  const { db } = database;
  const owner = await buildUser(db, { email: "owner@bench.test", name: "Bench Owner" });
  const company = await buildCompany(db, { owner, name: "Big Company" });
  if (!neighbour) return { owner, company };
  const other = await buildCompany(db, { owner: await buildUser(db, { email: "n@bench.test" }) });
  return { owner, company, neighbour: other };
}
