import { CompiledQuery, type Insertable, type Kysely } from "kysely";
import type { DB } from "./types.ts";

type Value = string | number | null;

/** Statement texts kept, by table, columns and number of rows: a few shapes recur (full chunks). */
const KEPT_TEXTS = 64;
const texts = new Map<string, string>();

/** The placeholder style of `db`'s dialect (`?` or `$1`), so one process may hold both kinds of database. */
function placeholderStyle(db: Kysely<DB>): string {
  return db
    .selectNoFrom((eb) => eb.val(0).as("x"))
    .compile()
    .sql.includes("$1")
    ? "$"
    : "?";
}

/**
 * Inserts `rows` into `table` in one multi-row statement. Kysely builds the tree of every value of a
 * statement each time (a 500-row insert of 19 columns: 9,500 value nodes, then their SQL text); the text only
 * depends on the table, the columns and the number of rows, so it is built once for each shape and kept, and
 * a later statement of the same shape passes its values alone. Every row must have the same columns in the
 * same order, none undefined; anything else goes through Kysely as usual.
 */
export async function insertRows<T extends keyof DB & string>(
  db: Kysely<DB>,
  table: T,
  rows: ReadonlyArray<Insertable<DB[T]> & Record<string, Value>>,
): Promise<void> {
  const first = rows[0];
  if (!first) return;
  const columns = Object.keys(first);
  const parameters: Value[] = [];
  for (const row of rows) {
    const keys = Object.keys(row);
    if (keys.length !== columns.length) return insertThroughKysely(db, table, rows);
    for (const column of columns) {
      const value = row[column];
      if (value === undefined) return insertThroughKysely(db, table, rows);
      parameters.push(value);
    }
  }
  const key = `${placeholderStyle(db)} ${table} ${columns.join(",")} ${rows.length}`;
  let text = texts.get(key);
  if (text === undefined) {
    const compiled = db
      .insertInto(table)
      .values(rows as Insertable<DB[T]>[])
      .compile();
    // Only a statement whose every value is a parameter, in row and column order, can be kept.
    if (compiled.parameters.length !== parameters.length) {
      await db.executeQuery(compiled);
      return;
    }
    text = compiled.sql;
    if (texts.size >= KEPT_TEXTS) texts.delete(texts.keys().next().value as string);
    texts.set(key, text);
  }
  await db.executeQuery(CompiledQuery.raw(text, parameters));
}

async function insertThroughKysely<T extends keyof DB & string>(
  db: Kysely<DB>,
  table: T,
  rows: ReadonlyArray<Insertable<DB[T]>>,
): Promise<void> {
  await db
    .insertInto(table)
    .values(rows as Insertable<DB[T]>[])
    .execute();
}
