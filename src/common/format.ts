import { currencyDigits, isCurrencyCode } from "./currencies.ts";

/**
 * The one formatter of dates, times, money and counts, for the web app and the emails alike. Every function
 * takes the reader's locale: the browser passes none (the runtime's own, which is the reader's language),
 * an email passes its reader's locale. Formats are built once per locale and kept.
 */

/** A BCP 47 locale ("en-US", "de"), or undefined for the runtime's own. */
export type Locale = string | undefined;

const formats = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat | Intl.RelativeTimeFormat>();

function cached<T extends Intl.DateTimeFormat | Intl.NumberFormat | Intl.RelativeTimeFormat>(
  key: string,
  make: () => T,
): T {
  let format = formats.get(key) as T | undefined;
  if (!format) {
    format = make();
    formats.set(key, format);
  }
  return format;
}

/** A calendar date with no time zone ("2026-12-31"), or null when the text is not one. */
function calendarDate(date: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return null;
  const value = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return Number.isNaN(value.getTime()) ? null : value;
}

function instant(iso: string): Date | null {
  const value = new Date(iso);
  return Number.isNaN(value.getTime()) ? null : value;
}

/**
 * A calendar date ("2026-12-31", e.g. a deadline) → "Dec 31, 2026" / "31 Dec 2026" / "31.12.2026", as the
 * locale writes it. It is the same day everywhere: no time zone moves it.
 */
export function formatDate(date: string, locale?: Locale): string {
  const value = calendarDate(date);
  if (!value) return date;
  const format = cached(
    `date:${locale}`,
    () => new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" }),
  );
  return format.format(value);
}

/** An instant (ISO, UTC) → its time of day alone, "3:49 AM", in the reader's time zone or the given one. */
export function formatTime(iso: string, locale?: Locale, timeZone?: string): string {
  const value = instant(iso);
  if (!value) return iso;
  const format = cached(
    `time:${locale}:${timeZone}`,
    () => new Intl.DateTimeFormat(locale, { timeStyle: "short", timeZone }),
  );
  return format.format(value);
}

/** A calendar date's month ("2026-12-01") → "December 2026", as the locale writes it: a calendar's heading. */
export function formatCalendarMonth(date: string, locale?: Locale): string {
  const value = calendarDate(date);
  if (!value) return date;
  const format = cached(
    `calendar-month:${locale}`,
    () => new Intl.DateTimeFormat(locale, { month: "long", year: "numeric", timeZone: "UTC" }),
  );
  return format.format(value);
}

/** A calendar date's weekday ("2026-12-01") → "Tu", "Di", …: a calendar's column heading. */
export function formatWeekdayShort(date: string, locale?: Locale): string {
  const value = calendarDate(date);
  if (!value) return date;
  const format = cached(
    `weekday:${locale}`,
    () => new Intl.DateTimeFormat(locale, { weekday: "short", timeZone: "UTC" }),
  );
  return format.format(value);
}

/** An instant (ISO, UTC) → "Dec 1, 2026, 3:49 AM" in the reader's time zone, or the given one. */
export function formatDateTime(iso: string, locale?: Locale, timeZone?: string): string {
  const value = instant(iso);
  if (!value) return iso;
  const format = cached(
    `datetime:${locale}:${timeZone}`,
    () =>
      new Intl.DateTimeFormat(locale, {
        year: "numeric",
        month: "short",
        day: "numeric",
        hour: "numeric",
        minute: "2-digit",
        ...(timeZone ? { timeZone, timeZoneName: "short" } : {}),
      }),
  );
  return format.format(value);
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
];

function relative(seconds: number, locale: Locale): string {
  const format = cached(`relative:${locale}`, () => new Intl.RelativeTimeFormat(locale, { numeric: "auto" }));
  const size = Math.abs(seconds);
  if (size < 45) return format.format(0, "second");
  for (const [unit, length] of UNITS) {
    if (size >= length * 0.95 || unit === "minute") return format.format(Math.round(seconds / length), unit);
  }
  return format.format(Math.round(seconds / 60), "minute");
}

/** An instant relative to now: "now", "5 minutes ago", "3 days ago", "in 2 hours". */
export function formatTimeAgo(iso: string, now: Date = new Date(), locale?: Locale): string {
  const value = instant(iso);
  if (!value) return iso;
  return relative((value.getTime() - now.getTime()) / 1000, locale);
}

/** Today's calendar date where the reader is ("2026-12-31"). */
export function today(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** Whole days from `from` to `to`, two calendar dates (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  const a = calendarDate(from);
  const b = calendarDate(to);
  if (!a || !b) return 0;
  return Math.round((b.getTime() - a.getTime()) / (24 * 3600 * 1000));
}

/** A calendar date relative to today: "today", "tomorrow", "in 3 days", "2 weeks ago". */
export function formatDaysFromToday(date: string, todayDate: string = today(), locale?: Locale): string {
  const format = cached(`relative:${locale}`, () => new Intl.RelativeTimeFormat(locale, { numeric: "auto" }));
  const days = daysBetween(todayDate, date);
  const size = Math.abs(days);
  if (size < 7) return format.format(days, "day");
  if (size < 30) return format.format(Math.round(days / 7), "week");
  if (size < 365) return format.format(Math.round(days / 30), "month");
  return format.format(Math.round(days / 365), "year");
}

/**
 * A wire amount ("1234.50", a decimal string) in its currency, for people to read → "$1,234.50", "1.234,50 €", "¥1,500". It is
 * formatted from its digits, never through a float, so large amounts keep every digit.
 */
export function formatAmount(amount: string, currency: string, locale?: Locale): string {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(amount);
  if (!match || !isCurrencyCode(currency)) return `${amount} ${currency}`;
  const digits = currencyDigits(currency);
  const whole = BigInt(match[1] ?? "0");
  const fraction = (match[2] ?? "").padEnd(digits, "0").slice(0, digits);
  const format = cached(
    `money:${locale}:${currency}`,
    () =>
      new Intl.NumberFormat(locale, {
        style: "currency",
        currency,
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      }),
  );
  // The whole part formatted as a bigint, then the exact fraction in place of the formatter's zeros.
  return format
    .formatToParts(whole)
    .map((part) => (part.type === "fraction" ? fraction : part.value))
    .join("");
}

/**
 * A length of time, rounded to the largest unit that reads well: "45 minutes", "5 hours", "3.5 days",
 * "2 weeks", in the reader's language ("3,5 Tage").
 */
export function formatDuration(seconds: number, locale?: Locale): string {
  const units: [Intl.NumberFormatOptions["unit"], number][] = [
    ["week", 7 * 24 * 3600],
    ["day", 24 * 3600],
    ["hour", 3600],
  ];
  const size = Math.max(0, seconds);
  // Weeks only from four of them: "10 days" reads better than "1.4 weeks".
  const [unit, length] = units.find(([u, l]) => size >= l * (u === "week" ? 4 : 1)) ?? ["minute", 60];
  const value = size / length;
  const format = cached(
    `duration:${locale}:${unit}`,
    () =>
      new Intl.NumberFormat(locale, {
        style: "unit",
        unit,
        unitDisplay: "long",
        maximumFractionDigits: unit === "minute" ? 0 : 1,
      }),
  );
  return format.format(unit === "minute" ? Math.max(1, Math.round(value)) : value);
}

/** A calendar month ("2026-11") → "Nov 2026" / "nov. 2026", as the locale writes it. */
export function formatMonth(month: string, locale?: Locale): string {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (!match) return month;
  const format = cached(
    `month:${locale}`,
    () => new Intl.DateTimeFormat(locale, { month: "short", year: "numeric", timeZone: "UTC" }),
  );
  return format.format(new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1)));
}

/** The `count` calendar months ending with the one of `date` ("2026-12-31"), oldest first: "2026-01" … "2026-12". */
export function monthsEndingWith(date: string, count: number): string[] {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7)) - 1;
  return Array.from({ length: count }, (_, i) => {
    const d = new Date(Date.UTC(year, month - (count - 1 - i), 1));
    return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
  });
}

/** "1,000" / "1.000" / "1 000", as the locale writes it. */
export function formatCount(n: number, locale?: Locale): string {
  return cached(`count:${locale}`, () => new Intl.NumberFormat(locale)).format(n);
}

/** "1 address", "3 addresses" (the words are English; the number is the reader's). */
export function plural(n: number, one: string, many: string, locale?: Locale): string {
  return `${formatCount(n, locale)} ${n === 1 ? one : many}`;
}

/** "USD — US Dollar" (for a currency picker), in the reader's language; the code alone if it has no name. */
export function formatCurrencyName(code: string, locale?: Locale): string {
  try {
    const name = new Intl.DisplayNames(locale ? [locale] : undefined, { type: "currency" }).of(code);
    return name && name !== code ? `${code} — ${name}` : code;
  } catch {
    return code;
  }
}
