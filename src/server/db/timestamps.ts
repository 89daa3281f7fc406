/** PostgreSQL's text for a `timestamptz` in UTC (session TimeZone UTC, DateStyle ISO): "2026-12-01 18:45:00.123456+00". */
const UTC_TIMESTAMP = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?\+00$/;

/**
 * A `timestamptz` as PostgreSQL sends it, as the ISO text SQLite stores ("2026-12-01T18:45:00.123Z"), cut to
 * milliseconds as `Date` does. The UTC form (the server's usual) is rewritten as text, which costs a small
 * part of `new Date(text)`: a list page has a few hundred of them. Any other form goes through `Date`.
 */
export function timestamptzToIso(value: string): string {
  const utc = UTC_TIMESTAMP.exec(value);
  if (!utc) return new Date(value).toISOString();
  return `${utc[1]}T${utc[2]}.${(utc[3] ?? "").padEnd(3, "0").slice(0, 3)}Z`;
}
