// Not countries, though Intl names them: the EU, the euro zone, the UN, unknown and outlying regions
// (the server refuses these too), ICU's pseudo-locales, and the codes ISO 3166 only reserves (Ascension,
// Clipperton, Diego Garcia, Ceuta & Melilla, Canary Islands, Tristan da Cunha), and withdrawn codes ICU
// still names through aliases (BU Burma, YU Yugoslavia, UK…). Kosovo (XK) stays: it is in use.
const NOT_COUNTRIES = new Set(
  [
    ["EU", "EZ", "UN", "ZZ", "QO", "XA", "XB"],
    ["AC", "CP", "DG", "EA", "IC", "TA"],
    ["AN", "BU", "CQ", "CS", "DD", "DY", "FX", "HV", "NH", "RH", "SU", "TP", "UK", "VD", "YD", "YU", "ZR"],
  ].flat(),
);

export interface CountryOption {
  value: string;
  label: string;
}

/** Every ISO 3166 alpha-2 region the browser can name, in the reader's language, sorted by name. */
export function countryOptions(locale?: string): CountryOption[] {
  const names = new Intl.DisplayNames(locale ? [locale] : undefined, { type: "region", fallback: "none" });
  const options: CountryOption[] = [];
  for (let a = 65; a <= 90; a++) {
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      if (NOT_COUNTRIES.has(code)) continue;
      let label: string | undefined;
      try {
        label = names.of(code);
      } catch {
        label = undefined;
      }
      if (label && label !== code) options.push({ value: code, label });
    }
  }
  return options.sort((x, y) => x.label.localeCompare(y.label));
}

/** An ISO 3166 alpha-2 code of a country (the same list the profile form offers). */
export function isCountryCode(code: string): boolean {
  if (!/^[A-Z]{2}$/.test(code) || NOT_COUNTRIES.has(code)) return false;
  try {
    const name = new Intl.DisplayNames(["en"], { type: "region", fallback: "none" }).of(code);
    return name !== undefined && name !== code;
  } catch {
    return false;
  }
}
