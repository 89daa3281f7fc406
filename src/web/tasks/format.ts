import { currencyDigits, isCurrencyCode } from "../../common/currencies.ts";

/**
 * "1234.50" USD → "$1,234.50"; "1500" JPY → "¥1,500". The wire amount is a decimal string: it is formatted
 * from its digits, never through a float, so large amounts keep every digit.
 */
export function formatAmount(amount: string, currency: string, locale = "en-US"): string {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(amount);
  if (!match || !isCurrencyCode(currency)) return `${amount} ${currency}`;
  const digits = currencyDigits(currency);
  const whole = BigInt(match[1] ?? "0");
  const fraction = (match[2] ?? "").padEnd(digits, "0").slice(0, digits);
  const format = new Intl.NumberFormat(locale, {
    style: "currency",
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  // Format the whole part as a bigint, then put the exact fraction in place of the formatter's zeros.
  return format
    .formatToParts(whole)
    .map((part) => (part.type === "fraction" ? fraction : part.value))
    .join("");
}

const dateFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric" });
const dateTimeFormat = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
});

/** A deadline ("2026-12-31", a calendar date with no time zone) → "31 Dec 2026". */
export function formatDeadline(date: string | null): string {
  if (!date) return "—";
  const [y, m, d] = date.split("-").map(Number);
  if (!y || !m || !d) return date;
  return dateFormat.format(new Date(y, m - 1, d));
}

/** An instant of the history, in the reader's time zone. */
export function formatInstant(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTimeFormat.format(date);
}

/** "USD — US Dollar" for the currency picker; the code alone where the runtime has no name. */
export function currencyLabel(code: string): string {
  try {
    const name = new Intl.DisplayNames(["en"], { type: "currency" }).of(code);
    return name && name !== code ? `${code} — ${name}` : code;
  } catch {
    return code;
  }
}
