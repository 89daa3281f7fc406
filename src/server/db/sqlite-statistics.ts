import type SQLite from "better-sqlite3";

/** How often a running node lets SQLite refresh the statistics its planner uses. */
const REFRESH_EVERY_MS = 60 * 60 * 1000;
/** Rows sampled per index by each ANALYZE: a few milliseconds even for a table of millions. */
const ANALYSIS_LIMIT = 400;

function optimize(sqlite: SQLite.Database, mask?: number): void {
  try {
    sqlite.pragma(mask === undefined ? "optimize" : `optimize = ${mask}`);
  } catch {
    // Another process holds the write lock (a backup): the next round tries again.
  }
}

/**
 * Keeps the query planner's statistics (sqlite_stat1) in step with the data, as SQLite advises: at open it
 * analyzes every table that was never analyzed or has grown or shrunk 25-fold since, then once an hour the
 * tables this connection used. PostgreSQL's autovacuum does the same there. Returns the stop for `close`.
 */
export function keepStatisticsFresh(sqlite: SQLite.Database): () => void {
  sqlite.pragma(`analysis_limit = ${ANALYSIS_LIMIT}`);
  optimize(sqlite, 0x10002);
  const timer = setInterval(() => optimize(sqlite), REFRESH_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
