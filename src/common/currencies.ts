/**
 * ISO 4217 currencies as the runtime knows them (the same list in Node and in the browser), and the number
 * of decimals each one has: JPY 0, USD 2, BHD 3. Money moves only in currencies people are paid in: not the
 * fund codes, the units of account, the precious metals or the testing codes, which ISO lists beside them.
 */

/** ISO 4217 codes that are not money a company pays a contractor in. */
const NOT_MONEY: ReadonlySet<string> = new Set([
  // Funds and units of account.
  "BOV",
  "CHE",
  "CHW",
  "CLF",
  "COU",
  "MXV",
  "USN",
  "UYI",
  "UYW",
  "XDR",
  "XSU",
  "XUA",
  "XBA",
  "XBB",
  "XBC",
  "XBD",
  // Precious metals.
  "XAU",
  "XAG",
  "XPD",
  "XPT",
  // Testing, and "no currency".
  "XTS",
  "XXX",
]);

let codes: ReadonlySet<string> | null = null;
const digitsCache = new Map<string, number>();

/** Every currency code the runtime supports, upper case. */
export function currencyCodes(): readonly string[] {
  return [...supported()].sort();
}

function supported(): ReadonlySet<string> {
  codes ??= new Set(Intl.supportedValuesOf("currency").filter((code) => !NOT_MONEY.has(code)));
  return codes;
}

export function isCurrencyCode(code: string): boolean {
  return /^[A-Z]{3}$/.test(code) && supported().has(code);
}

/** How many decimals the currency has (its minor unit); the code must be valid. */
export function currencyDigits(code: string): number {
  let digits = digitsCache.get(code);
  if (digits === undefined) {
    digits = new Intl.NumberFormat("en", { style: "currency", currency: code }).resolvedOptions()
      .maximumFractionDigits as number;
    digitsCache.set(code, digits);
  }
  return digits;
}
