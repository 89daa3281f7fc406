// A database of its own for one benchmark run: a temporary SQLite file, or a new PostgreSQL database made
// through an admin connection, dropped at the end. Plain ESM (no TypeScript) so scripts that start the app
// as a separate process run with `node bench/x.mjs`.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";

/** The admin connection: BENCH_DATABASE_URL, or TEST_DATABASE_URL as the test suite names it. */
function adminUrl() {
  return process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
}

async function adminQuery(admin, text, values) {
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    return await client.query(text, values);
  } finally {
    await client.end();
  }
}

/**
 * `dialect` "sqlite" or "postgres"; left out, PostgreSQL when BENCH_DATABASE_URL is set, else SQLite.
 * Returns { url, dialect, label ("SQLite" / "PostgreSQL 15.x"), drop() }; drop() waits for the run's own
 * connections to go, then drops the database (or deletes the file).
 */
export async function freshDatabase(dialect = process.env.BENCH_DATABASE_URL ? "postgres" : "sqlite") {
  if (dialect === "sqlite") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "crewdesk-bench-"));
    return {
      url: `sqlite:${path.join(dir, "bench.sqlite")}`,
      dialect,
      label: "SQLite",
      drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  if (dialect !== "postgres") throw new Error(`the database must be sqlite or postgres, not ${dialect}`);
  const admin = adminUrl();
  if (!admin)
    throw new Error(
      "set BENCH_DATABASE_URL (or TEST_DATABASE_URL) to an admin connection, e.g. postgres://postgres@127.0.0.1:5432/test",
    );
  const name = `crewdesk_bench_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  await adminQuery(admin, `CREATE DATABASE ${name}`);
  const version = (await adminQuery(admin, "SHOW server_version")).rows[0].server_version;
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    dialect,
    label: `PostgreSQL ${version}`,
    async drop() {
      // Closed pools say goodbye asynchronously; dropping under them makes the server cut them off, which
      // surfaces as unhandled errors at the end of the run.
      for (let i = 0; i < 100; i++) {
        const open = await adminQuery(
          admin,
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1",
          [name],
        );
        if (open.rows[0]?.n === 0) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      await adminQuery(admin, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
