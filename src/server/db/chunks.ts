/**
 * Rows per multi-row statement or ids per `IN (…)`: well under SQLite's and PostgreSQL's bound-parameter
 * limits for rows of a dozen columns, and few statements for a thousand rows.
 */
const CHUNK_SIZE = 400;

/** The items in consecutive slices of at most `size`. */
export function chunks<T>(items: readonly T[], size = CHUNK_SIZE): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
