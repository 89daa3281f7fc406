import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, PostgresDialect, type SqliteDatabase, SqliteDialect } from "kysely";
import pg from "pg";
import { withPreparedStatements } from "./prepared-statements.ts";
import { checkpointInBackground } from "./sqlite-checkpoints.ts";
import { keepStatisticsFresh } from "./sqlite-statistics.ts";
import { timestamptzToIso } from "./timestamps.ts";
import type { DB } from "./types.ts";

export type Dialect = "sqlite" | "postgres";

export interface Database {
  db: Kysely<DB>;
  dialect: Dialect;
  /** The connection string, for components that need their own connection (LISTEN/NOTIFY). */
  url: string;
  close(): Promise<void>;
}

// PostgreSQL hands back times, dates and 64-bit integers in the same shapes SQLite does: ISO text and numbers.
pg.types.setTypeParser(pg.types.builtins.TIMESTAMPTZ, timestamptzToIso);
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

function dialectOf(url: string): Dialect {
  if (url.startsWith("postgres://") || url.startsWith("postgresql://")) return "postgres";
  if (url.startsWith("sqlite:")) return "sqlite";
  throw new Error(`DATABASE_URL must start with sqlite: or postgres://, got "${url.split(":")[0]}:"`);
}

const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely prepares every query anew; better-sqlite3 statements can be run again and again, so the same SQL
 * text reuses its statement. (Safe because no query here is streamed: a streaming statement is busy.)
 */
function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let statement = cache.get(sql);
      if (!statement) {
        statement = sqlite.prepare(sql);
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
        cache.set(sql, statement);
      }
      return statement;
    },
  };
}

/**
 * How long a write waits for another process's lock (a backup, an operator's command) before it fails and is
 * answered 503. better-sqlite3 waits synchronously, holding the event loop and so every other request: short.
 */
const SQLITE_BUSY_TIMEOUT_MS = 2_000;

function openSqlite(url: string): Database {
  const file = url.slice("sqlite:".length) || ":memory:";
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  const stopStatistics = keepStatisticsFresh(sqlite);
  const stopCheckpoints =
    file === ":memory:" ? async () => {} : checkpointInBackground(sqlite, path.resolve(file));
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return {
    db,
    dialect: "sqlite",
    url,
    close: async () => {
      stopStatistics();
      await stopCheckpoints();
      await db.destroy();
    },
  };
}

/**
 * A request waits at most this long for a connection (PostgreSQL down or out of connections) before it
 * fails and is answered 503, instead of hanging.
 */
const CONNECT_TIMEOUT_MS = 3_000;
/** No statement of a request or a worker's step takes longer; one stuck on a lock fails instead of hanging. */
const STATEMENT_TIMEOUT_MS = 60_000;

function openPostgres(url: string, poolSize: number): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    statement_timeout: STATEMENT_TIMEOUT_MS,
    application_name: "crewdesk",
  });
  // An idle connection that PostgreSQL closes (a restart, a terminated backend) is dropped from the pool,
  // which opens a new one on the next query; without a listener the error would end the process.
  pool.on("error", () => {});
  // A connection in use when PostgreSQL goes away emits the error too, besides failing its query (which the
  // request answers with 503): the pool listens only to idle ones, so each connection gets a listener of its own.
  pool.on("connect", (client) => client.on("error", () => {}));
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: withPreparedStatements(pool) }) });
  return { db, dialect: "postgres", url, close: () => db.destroy() };
}

/**
 * Opens the database DATABASE_URL names: SQLite by default, PostgreSQL for `postgres://…` with a pool of
 * `poolSize` connections (DATABASE_POOL_SIZE).
 */
export function openDatabase(url: string, options: { poolSize?: number } = {}): Database {
  return dialectOf(url) === "postgres" ? openPostgres(url, options.poolSize ?? 10) : openSqlite(url);
}
