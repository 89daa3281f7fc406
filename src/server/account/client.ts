import UAParser from "ua-parser-js";

/** A browser and system as a person recognises them, read from a User-Agent header. */
export interface ClientName {
  browser: string;
  system: string;
}

function joined(name: string | undefined, version: string | undefined, fallback: string): string {
  if (!name) return fallback;
  const major = version?.split(".")[0];
  return major ? `${name} ${major}` : name;
}

export function describeClient(userAgent: string | null): ClientName {
  if (!userAgent) return { browser: "Unknown browser", system: "Unknown system" };
  const parsed = new UAParser(userAgent).getResult();
  return {
    browser: joined(parsed.browser.name, parsed.browser.version, "Unknown browser"),
    system: joined(parsed.os.name, parsed.os.version, "Unknown system"),
  };
}
