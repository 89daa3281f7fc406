import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { type Database, type Dialect, openDatabase } from "../../src/server/db/connection.ts";
import { migrateToLatest } from "../../src/server/db/migrate.ts";

/** Which database this run of the integration suite uses: `npm test` runs it once per dialect. */
export function testDialect(): Dialect {
  const dialect = process.env.TEST_DIALECT ?? "sqlite";
  if (dialect !== "sqlite" && dialect !== "postgres")
    throw new Error(`TEST_DIALECT must be sqlite or postgres`);
  return dialect;
}

function adminUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    throw new Error(
      "TEST_DATABASE_URL is not set: run the suite with `npm test` (it starts PostgreSQL), " +
        "or set TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test",
    );
  }
  return url;
}

export interface TestDatabase {
  database: Database;
  /** Drops the database (PostgreSQL) or deletes the file (SQLite). */
  destroy(): Promise<void>;
}

export interface TestDatabaseOptions {
  /** false leaves the database empty, as a fresh install finds it. */
  migrate?: boolean;
}

/** A fresh, migrated database of its own for one test file. */
export async function createTestDatabase(
  dialect: Dialect = testDialect(),
  { migrate = true }: TestDatabaseOptions = {},
): Promise<TestDatabase> {
  if (dialect === "sqlite") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "crewdesk-test-"));
    const database = openDatabase(`sqlite:${path.join(dir, "test.sqlite")}`);
    if (migrate) await migrateToLatest(database);
    return {
      database,
      async destroy() {
        await database.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const admin = adminUrl();
  const name = `crewdesk_t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const database = openDatabase(url.toString());
  if (migrate) await migrateToLatest(database);
  return {
    database,
    async destroy() {
      await database.close();
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      // Closed pools finish their goodbyes asynchronously; forcing the drop while they do makes the
      // server terminate them, which surfaces as unhandled errors in the test run.
      for (let i = 0; i < 100; i++) {
        const open = await c.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1", [
          name,
        ]);
        if (open.rows[0]?.n === 0) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
