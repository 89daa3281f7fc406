import type { Kysely, SelectQueryBuilder } from "kysely";
import type { ListTotal } from "../../common/wire/page.ts";
import type { DB } from "./types.ts";

/**
 * Counting stops here; past it a list says "10,000+ tasks". A count reads one index entry per match, so the
 * cap keeps the first page of a list of a million rows about as fast as one of ten thousand.
 */
export const TOTAL_CAP = 10_000;

/**
 * How many rows `matching` finds (its filters, no cursor, no order), counted inside the database up to `cap`:
 * past it, `capped` says "this many or more".
 */
export async function countUpTo<D, T extends keyof D, O>(
  db: Kysely<DB>,
  matching: SelectQueryBuilder<D, T, O>,
  cap: number = TOTAL_CAP,
): Promise<ListTotal> {
  const row = await db
    .selectFrom(matching.limit(cap + 1).as("matching"))
    .select((eb) => eb.fn.countAll<number | string>().as("n"))
    .executeTakeFirstOrThrow();
  const n = Number(row.n);
  return { count: Math.min(n, cap), capped: n > cap };
}
