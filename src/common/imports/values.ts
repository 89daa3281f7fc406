/**
 * The import file's values as people write them (product.md): amounts in "1234.5", "1 234,50" or
 * "1,234.50"; dates as ISO "2026-12-31", "31.12.2026" or a spreadsheet's date cell; currency codes in any
 * case. Each parser answers the value in the API's form, or a message the user can act on.
 */
import { currencyDigits, isCurrencyCode } from "../currencies.ts";
import { MAX_AMOUNT_MAJOR } from "../money.ts";

/** One cell as read from the file: text (CSV, or an XLSX text cell), a number, a date cell, or a yes/no. */
export type ImportCell = string | number | boolean | { date: string } | null;

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const fail = (message: string): { ok: false; message: string } => ({ ok: false, message });

/** The cell as the person sees it, for messages and the error file. */
export function cellText(cell: ImportCell): string {
  if (cell === null) return "";
  if (typeof cell === "string") return cell;
  if (typeof cell === "number") return numberText(cell);
  if (typeof cell === "boolean") return cell ? "TRUE" : "FALSE";
  return cell.date;
}

/** A number as plain decimal digits: never "1e+21", never a binary tail like 0.30000000000000004. */
export function numberText(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return value.toLocaleString("en-US", { useGrouping: false, maximumFractionDigits: 15 });
}

const SPACES = /[\s\u00a0\u2007\u2009\u202f']/g;

/**
 * An amount written with a dot or a comma for decimals, and spaces, apostrophes or the other mark for
 * thousands. A lone separator before exactly three digits ("1,234", "1.234") is read as thousands only when
 * the currency could not have three decimals and the mark is a comma; otherwise the decimals rule decides.
 * Returns the API's form ("1234.50").
 */
export function parseImportAmount(cell: ImportCell, currency: string | null): Parsed<string> {
  if (cell === null || cell === "") return fail("Amount is required.");
  if (typeof cell === "boolean" || typeof cell === "object")
    return fail("Amount must be a number such as 1234.50.");
  let text = typeof cell === "number" ? numberText(cell) : cell.replace(SPACES, "");
  if (text.startsWith("-")) return fail("Amount must be greater than zero.");
  if (text.startsWith("+")) text = text.slice(1);
  const lastComma = text.lastIndexOf(",");
  const lastDot = text.lastIndexOf(".");
  let decimal: "," | "." | null = null;
  if (lastComma >= 0 && lastDot >= 0) decimal = lastComma > lastDot ? "," : ".";
  else if (lastComma >= 0) {
    const commas = text.split(",").length - 1;
    const after = text.length - lastComma - 1;
    const threeDecimals = currency !== null && isCurrencyCode(currency) && currencyDigits(currency) >= 3;
    decimal = commas === 1 && (after !== 3 || threeDecimals) ? "," : null;
  } else if (lastDot >= 0) decimal = text.split(".").length - 1 === 1 ? "." : null;
  const grouping = decimal === "," ? "." : ",";
  const [whole = "", fraction, ...extra] = decimal ? text.split(decimal) : [text];
  if (extra.length) return fail(`Amount "${cellText(cell)}" is not a number such as 1234.50.`);
  const groups = whole.split(grouping);
  const grouped = groups.length === 1 || groups.slice(1).every((g) => /^\d{3}$/.test(g));
  const digits = groups.join("");
  if (!grouped || !/^\d+$/.test(digits) || (fraction !== undefined && !/^\d+$/.test(fraction))) {
    return fail(`Amount "${cellText(cell)}" is not a number such as 1234.50.`);
  }
  const plain = fraction === undefined ? digits : `${digits}.${fraction}`;
  if (Number(plain) <= 0) return fail("Amount must be greater than zero.");
  if (Number(digits) >= MAX_AMOUNT_MAJOR) return fail(`Amount must be less than ${MAX_AMOUNT_MAJOR}.`);
  return { ok: true, value: plain };
}

/** A currency code in any case, with surrounding spaces. */
export function parseImportCurrency(cell: ImportCell): Parsed<string> {
  const text = cellText(cell).trim();
  if (!text) return fail("Currency is required.");
  const code = text.toUpperCase();
  if (!isCurrencyCode(code)) return fail(`Currency "${text}" is not an ISO 4217 code such as USD or EUR.`);
  return { ok: true, value: code };
}

/** A calendar date that exists (no 31 February), as YYYY-MM-DD. */
function calendarDate(year: number, month: number, day: number): string | null {
  if (year < 1900 || year > 9999) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return null;
  }
  return date.toISOString().slice(0, 10);
}

/** Excel's day numbers (1900 date system; serial 60 is its fictitious 29 February 1900). */
export function excelSerialToDate(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < 61 || serial >= 2958466) return null;
  const days = Math.floor(serial);
  return new Date(Date.UTC(1899, 11, 30) + days * 86_400_000).toISOString().slice(0, 10);
}

/** A deadline: ISO 2026-12-31 (a time after it is ignored), 31.12.2026, a date cell, or Excel's day number. */
export function parseImportDate(cell: ImportCell): Parsed<string | null> {
  if (cell === null) return { ok: true, value: null };
  if (typeof cell === "object") return { ok: true, value: cell.date };
  if (typeof cell === "number") {
    const date = excelSerialToDate(cell);
    return date
      ? { ok: true, value: date }
      : fail("Deadline must be a date such as 2026-12-31 or 31.12.2026.");
  }
  const text = cellText(cell).trim();
  if (!text) return { ok: true, value: null };
  const iso =
    /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(
      text,
    );
  const dotted = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text);
  const date = iso
    ? calendarDate(Number(iso[1]), Number(iso[2]), Number(iso[3]))
    : dotted
      ? calendarDate(Number(dotted[3]), Number(dotted[2]), Number(dotted[1]))
      : null;
  if (date) return { ok: true, value: date };
  if (iso || dotted) return fail(`Deadline "${text}" is not a date that exists.`);
  return fail(`Deadline "${text}" must be a date such as 2026-12-31 or 31.12.2026.`);
}
