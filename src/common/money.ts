import { currencyDigits, isCurrencyCode } from "./currencies.ts";

/** An amount as stored: integer minor units (cents, or yen) with its currency. */
export interface Money {
  minor: number;
  currency: string;
}

/**
 * Amounts must stay below this many major units. It keeps every amount an exact JavaScript integer in
 * minor units, even with four decimals, and catches a pasted account number typed as an amount.
 */
export const MAX_AMOUNT_MAJOR = 100_000_000_000;

export type MoneyParse =
  | { ok: true; money: Money }
  | { ok: false; field: "amount" | "currency"; message: string };

/**
 * Parses the wire form of an amount ("1234.50", a plain decimal with a dot) for a currency. The amount must be
 * above zero and have no more decimals than the currency has (trailing zeros aside: "500.00" JPY is 500).
 */
export function parseMoney(amount: string, currency: string): MoneyParse {
  if (!isCurrencyCode(currency)) {
    return { ok: false, field: "currency", message: "currency must be an ISO 4217 code such as USD or EUR" };
  }
  const match = /^(\d+)(?:\.(\d+))?$/.exec(amount.trim());
  if (!match) {
    return { ok: false, field: "amount", message: 'amount must be a decimal number such as "1234.50"' };
  }
  const digits = currencyDigits(currency);
  const whole = (match[1] ?? "").replace(/^0+(?=\d)/, "");
  const fraction = (match[2] ?? "").replace(/0+$/, "");
  if (fraction.length > digits) {
    const message =
      digits === 0
        ? `amount must be a whole number in ${currency}`
        : `amount may have at most ${digits} decimal${digits === 1 ? "" : "s"} in ${currency}`;
    return { ok: false, field: "amount", message };
  }
  if (whole.length > String(MAX_AMOUNT_MAJOR).length || Number(whole) >= MAX_AMOUNT_MAJOR) {
    return {
      ok: false,
      field: "amount",
      message: `amount must be less than ${MAX_AMOUNT_MAJOR} ${currency}`,
    };
  }
  const minor = Number(whole + fraction.padEnd(digits, "0"));
  if (minor <= 0) return { ok: false, field: "amount", message: "amount must be greater than zero" };
  return { ok: true, money: { minor, currency } };
}

/** The wire form: "1234.50" for USD, "1234" for JPY, "1.250" for BHD. */
export function formatMoney(money: Money): string {
  const digits = currencyDigits(money.currency);
  const text = String(Math.trunc(money.minor)).padStart(digits + 1, "0");
  if (digits === 0) return text;
  return `${text.slice(0, -digits)}.${text.slice(-digits)}`;
}
