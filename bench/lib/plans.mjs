// The query plans the database chooses for what a use case runs: its queries are captured through a
// Kysely query log on a connection of their own, then run again under EXPLAIN. Run with `node --import tsx`.
import SQLite from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect } from "kysely";
import pg from "pg";

/**
 * Returns { db (the logged Kysely to pass to the use case), plansOf(run), destroy() }. plansOf(run) runs
 * `run(db)` once and returns { ms (that one run), text (each query and its plan) }. `explainPostgres` is
 * the EXPLAIN prefix on PostgreSQL (SQLite always gets EXPLAIN QUERY PLAN).
 */
export function planRecorder(database, { explainPostgres = "EXPLAIN ANALYZE " } = {}) {
  const captured = [];
  const db = new Kysely({
    dialect:
      database.dialect === "postgres"
        ? new PostgresDialect({ pool: new pg.Pool({ connectionString: database.url, max: 1 }) })
        : new SqliteDialect({ database: new SQLite(database.url.slice("sqlite:".length)) }),
    log: (e) => captured.push(e.query),
  });
  const explain = database.dialect === "postgres" ? explainPostgres : "EXPLAIN QUERY PLAN ";
  return {
    db,
    async plansOf(run) {
      captured.length = 0;
      const started = performance.now();
      await run(db);
      const ms = performance.now() - started;
      const plans = [];
      for (const query of [...captured]) {
        const result = await db.executeQuery({ ...query, sql: explain + query.sql });
        plans.push(`${query.sql}\n  ${result.rows.map((r) => r["QUERY PLAN"] ?? r.detail).join("\n  ")}`);
      }
      return { ms, text: plans.join("\n") };
    },
    destroy: () => db.destroy(),
  };
}
