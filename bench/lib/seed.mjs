// Large data sets written fast: batched inserts in big transactions (SQLite: prepared statements with
// synchronous=OFF; PostgreSQL: one multi-row INSERT … SELECT FROM unnest() per table and chunk). The rows
// are what the app writes (users, contractor relations, search words), not what its use cases would take
// minutes to produce. Run with `node --import tsx`.
import SQLite from "better-sqlite3";
import { sql } from "kysely";
import pg from "pg";
import { searchTermsOf, searchTextOf } from "../../src/common/search.ts";
import { newId } from "../../src/server/db/ids.ts";

const USER_COLUMNS = ["id", "email", "name", "email_verified_at", "created_at", "updated_at"];
const CONTRACTOR_COLUMNS = [
  "id",
  "company_id",
  "user_id",
  "status",
  "invited_by",
  "invited_at",
  "accepted_at",
  "activated_at",
  "removed_at",
  "created_at",
  "updated_at",
  "search_text",
];
const USER_TYPES = ["text", "text", "text", "timestamptz", "timestamptz", "timestamptz"];
const CONTRACTOR_TYPES = [...Array(5).fill("text"), ...Array(6).fill("timestamptz"), "text"];
const TERM_COLUMNS = ["entity", "entity_id", "company_id", "term"];

/**
 * Writes rows of several tables in chunks: `chunk(from, to)` returns { table: rows (arrays in `columns`
 * order) }; `tables` is { table: { columns, types (PostgreSQL array element types) } }.
 */
export async function insertInChunks(database, count, chunkSize, tables, chunk) {
  if (database.dialect === "sqlite") {
    const raw = new SQLite(database.url.slice("sqlite:".length));
    raw.pragma("journal_mode = WAL");
    raw.pragma("synchronous = OFF");
    const inserts = Object.fromEntries(
      Object.entries(tables).map(([table, { columns }]) => [
        table,
        raw.prepare(
          `INSERT INTO ${table} (${columns.join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`,
        ),
      ]),
    );
    const write = raw.transaction((rows) => {
      for (const [table, list] of Object.entries(rows)) for (const row of list) inserts[table].run(row);
    });
    for (let from = 0; from < count; from += chunkSize) write(chunk(from, Math.min(count, from + chunkSize)));
    raw.close();
    return;
  }
  const pool = new pg.Pool({ connectionString: database.url, max: 1 });
  try {
    for (let from = 0; from < count; from += chunkSize) {
      const rows = chunk(from, Math.min(count, from + chunkSize));
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        for (const [table, list] of Object.entries(rows)) {
          const { columns, types } = tables[table];
          await client.query(
            `INSERT INTO ${table} (${columns.join(", ")})
             SELECT * FROM unnest(${types.map((type, i) => `$${i + 1}::${type}[]`).join(", ")})`,
            columns.map((_, c) => list.map((row) => row[c])),
          );
        }
        await client.query("COMMIT");
      } finally {
        client.release();
      }
    }
  } finally {
    await pool.end();
  }
}

/**
 * Seeds `count` contractors of one company: users, contractor relations and (unless `searchable` is false)
 * their search words (name and email), as the app writes them. `person(i)` gives { name, email, status
 * ("active" | "invited" | "removed"), verified? }. Contractor i is created at base + i × spacingMs, so
 * ids (UUIDv7) follow i. Returns the contractor ids in order.
 */
export async function seedContractors(
  database,
  { companyId, invitedBy, count, person, spacingMs = 10, searchable = true, chunkSize = 10_000 },
) {
  const base = Date.now() - count * spacingMs;
  const ids = [];
  const tables = {
    users: { columns: USER_COLUMNS, types: USER_TYPES },
    contractors: { columns: CONTRACTOR_COLUMNS, types: CONTRACTOR_TYPES },
    search_terms: { columns: TERM_COLUMNS, types: ["text", "text", "text", "text"] },
  };
  await insertInChunks(database, count, chunkSize, tables, (from, to) => {
    const users = [];
    const contractors = [];
    const terms = [];
    for (let i = from; i < to; i++) {
      const { name, email, status, verified = false } = person(i);
      const at = new Date(base + i * spacingMs).toISOString();
      const userId = newId(base + i * spacingMs);
      const id = newId(base + i * spacingMs);
      ids.push(id);
      users.push([userId, email, name, verified ? at : null, at, at]);
      contractors.push([
        id,
        companyId,
        userId,
        status,
        invitedBy,
        at,
        status === "invited" ? null : at,
        status === "active" ? at : null,
        status === "removed" ? at : null,
        at,
        at,
        searchable ? searchTextOf(name, email) : "",
      ]);
      if (searchable)
        for (const term of searchTermsOf(name, email)) terms.push(["contractor", id, companyId, term]);
    }
    return { users, contractors, search_terms: terms };
  });
  return ids;
}

/**
 * After a bulk load, what the database would soon do by itself: statistics for the planner and, on
 * PostgreSQL, the visibility map autovacuum sets (without it, index-only scans still visit the table).
 */
export async function settleAfterBulkLoad(database) {
  await sql.raw(database.dialect === "postgres" ? "VACUUM ANALYZE" : "ANALYZE").execute(database.db);
}
