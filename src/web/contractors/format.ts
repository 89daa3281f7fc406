const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/** A wire time (ISO, UTC) in the reader's time zone and language, or a dash. */
export function formatDateTime(iso: string | null): string {
  if (!iso) return "—";
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? "—" : dateTime.format(date);
}

/** "1,000" in the reader's language. */
export function formatCount(n: number): string {
  return n.toLocaleString();
}

/** "1 address", "3 addresses". */
export function plural(n: number, one: string, many: string): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}
