const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });
const timeOnly = new Intl.DateTimeFormat(undefined, { timeStyle: "short" });

/** Date and time apart, for a table cell that shows them on two lines. */
export function splitDateTime(iso: string | null): { date: string; time: string } | null {
  if (!iso) return null;
  const value = new Date(iso);
  if (Number.isNaN(value.getTime())) return null;
  return { date: dateOnly.format(value), time: timeOnly.format(value) };
}

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
