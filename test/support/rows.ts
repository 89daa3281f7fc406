import type { Kysely, Selectable } from "kysely";
import type { DB } from "../../src/server/db/types.ts";
import type { TestApp } from "./test-app.ts";

/** The tables whose rows have an `id`. */
type TableWithId = { [T in keyof DB]: DB[T] extends { id: string } ? T : never }[keyof DB];

/** The row of `table` with this id as it is now, for asserting what a use case or route left behind. */
export async function rowOf<T extends TableWithId>(
  t: TestApp,
  table: T,
  id: string,
): Promise<Selectable<DB[T]>> {
  // Kysely cannot follow a table name chosen by the caller; every table named here has an `id` column.
  const db = t.context.database.db as unknown as Kysely<{ row: { id: string } }>;
  const row = await db
    .selectFrom(table as unknown as "row")
    .selectAll()
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
  return row as unknown as Selectable<DB[T]>;
}
