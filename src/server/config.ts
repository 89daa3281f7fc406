import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { isIP } from "node:net";
import path from "node:path";

export interface RateLimitConfig {
  /** Attempts allowed in one window. */
  max: number;
  windowSeconds: number;
}

export interface Config {
  port: number;
  host: string;
  appUrl: string;
  /** `https://…` origin of APP_URL: the only Origin accepted on unsafe cookie requests. */
  appOrigin: string;
  secureCookies: boolean;
  databaseUrl: string;
  /** REDIS_URL: where the rate limits count attempts, shared by every node. Unset: the database's `rate_limits`. */
  redisUrl: string | null;
  /** REDIS_KEY_PREFIX: the start of every key the app writes in Redis, so that one Redis can serve several apps. */
  redisKeyPrefix: string;
  /** DATABASE_POOL_SIZE: the PostgreSQL connections one process may hold (SQLite has its one connection). */
  databasePoolSize: number;
  /**
   * WORKERS: whether this process also runs the background work (outbox mail, documents' PDFs, webhooks,
   * imports' jobs). "off" makes a node that serves HTTP only, beside a node that runs them.
   */
  workers: boolean;
  smtpUrl: string | null;
  /**
   * OUTBOX_LEASE_SECONDS: how long a sender holds the emails it took; a node that dies mid-send leaves them
   * to another (or to itself restarted) after it. Longer than any send takes.
   */
  outboxLeaseMs: number;
  mailFrom: string;
  supportEmail: string;
  production: boolean;
  invitesPerHour: number;
  /** Invitations (and task emails to contractors who have not accepted) a company sends in its first 24 hours. */
  newCompanyInvitesPerDay: number;
  /**
   * Which hops of X-Forwarded-For name the client: none (false), the last `n` hops (a count of proxies), or
   * the addresses and CIDR ranges of the proxies. Rate limits and the dev mailbox read the client's address
   * through this, so a client-chosen X-Forwarded-For is never believed.
   */
  trustProxy: TrustProxy;
  /** METRICS_TOKEN: a bearer that may read /metrics from anywhere; without it, only this machine may. */
  metricsToken: string | null;
  /** An `https://` APP_URL: every answer carries Strict-Transport-Security. */
  strictTransportSecurity: boolean;
  rateLimits: {
    /** Failed sign-ins for one address typed from one IP address. */
    signInPerAccountAndIp: RateLimitConfig;
    /** Failed sign-ins for one address from IP addresses that have not signed in to it before. */
    signInPerAccount: RateLimitConfig;
    signInPerIp: RateLimitConfig;
    recoveryPerAccount: RateLimitConfig;
    recoveryPerIp: RateLimitConfig;
    signUpPerIp: RateLimitConfig;
    /** Support chat messages of visitors (no account), per IP address and per email address they give. */
    supportGuestPerIp: RateLimitConfig;
    supportGuestPerEmail: RateLimitConfig;
    /** Support chat messages of a signed-in user. */
    supportPerUser: RateLimitConfig;
    /** Uses of emailed links (inspect, set a password, confirm an address, accept an invitation). */
    linksPerIp: RateLimitConfig;
    /** Second-step codes (authenticator or recovery) tried for one account, right or wrong. */
    secondStepPerUser: RateLimitConfig;
    /** Current-password checks of the Account page (changing the password, the address, the second step). */
    accountPasswordPerUser: RateLimitConfig;
    /** Requests with an `Authorization: Bearer` token that is no session and no live API token. */
    bearerFailuresPerIp: RateLimitConfig;
  };
  /** Where the built web app lives; served when it exists. */
  webRoot: string;
  money: MoneyConfig;
  /** SECRETS_KEY: the 32-byte AES-256-GCM key that seals secrets stored for reading back (kernel/sealed.ts). */
  secretsKey: Buffer;
  webhooks: WebhooksConfig;
}

/** Webhooks (docs/webhooks.md). */
export interface WebhooksConfig {
  /**
   * WEBHOOKS_ALLOW_PRIVATE=1: webhooks may point at loopback, private and link-local addresses (tests, a
   * development machine). Off: such URLs are refused when saved and when delivered (SSRF).
   */
  allowPrivate: boolean;
  /** WEBHOOKS_DISABLE_AFTER: consecutive failed attempts after which a webhook is turned off (owners told). */
  disableAfterFailures: number;
  /** WEBHOOKS_MAX_ATTEMPTS: attempts of one delivery before it counts as failed. */
  maxAttempts: number;
  /** WEBHOOKS_TIMEOUT_MS: how long a receiver has to answer one attempt. */
  timeoutMs: number;
}

/** Money (docs: money.md). */
export interface MoneyConfig {
  /** `prepaid`: companies top up, sending reserves, acceptance pays. `off`: nothing moves, no money pages. */
  payments: "prepaid" | "off";
  /** PLATFORM_FEE_PERCENT in hundredths of a percent (2.5 % → 250), charged to the company on top. */
  feeBasisPoints: number;
  /** The operator's details printed on its documents (placeholders outside production). */
  operator: { name: string; address: string; bankDetails: string };
}

export type TrustProxy = false | number | string[];

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw new ConfigError(`${name} must be a whole number, got "${raw}"`);
  return value;
}

function limit(env: Env, name: string, max: number, windowSeconds: number): RateLimitConfig {
  return {
    max: integer(env, `${name}_MAX`, max),
    windowSeconds: integer(env, `${name}_WINDOW_SECONDS`, windowSeconds),
  };
}

/** Names proxy-addr understands for whole ranges. */
const RANGE_NAMES = new Set(["loopback", "linklocal", "uniquelocal"]);

function isAddressOrRange(entry: string): boolean {
  if (RANGE_NAMES.has(entry)) return true;
  const [address = "", prefix, ...rest] = entry.split("/");
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return /^\d{1,3}$/.test(prefix) && bits <= (version === 4 ? 32 : 128);
}

/**
 * TRUST_PROXY: unset (or 0) trusts no proxy; a whole number is how many proxies stand in front of the app;
 * otherwise a comma-separated list of the proxies' addresses or CIDR ranges. `true` (trust every hop) is
 * refused: the left end of X-Forwarded-For is whatever the client wrote.
 */
function trustProxy(raw: string | undefined): TrustProxy {
  const value = raw?.trim() ?? "";
  if (value === "" || value === "0" || value === "false") return false;
  if (/^\d+$/.test(value)) return Number(value);
  if (value === "true") {
    throw new ConfigError(
      "TRUST_PROXY=true would believe any X-Forwarded-For a client sends: set the number of proxies in front of the app (e.g. 1) or their addresses",
    );
  }
  const entries = value.split(",").map((entry) => entry.trim());
  const wrong = entries.filter((entry) => !isAddressOrRange(entry));
  if (wrong.length > 0) {
    throw new ConfigError(
      `TRUST_PROXY must be a number of proxies or a list of IP addresses and CIDR ranges, got "${wrong.join(", ")}"`,
    );
  }
  return entries;
}

function payments(raw: string | undefined): MoneyConfig["payments"] {
  const value = raw?.trim() || "prepaid";
  if (value !== "prepaid" && value !== "off") {
    throw new ConfigError(`PAYMENTS must be "prepaid" or "off", got "${value}"`);
  }
  return value;
}

function workersOn(raw: string | undefined): boolean {
  const value = raw?.trim() || "on";
  if (value !== "on" && value !== "off")
    throw new ConfigError(`WORKERS must be "on" or "off", got "${value}"`);
  return value === "on";
}

/** PLATFORM_FEE_PERCENT: a percentage from 0 to 100 with at most two decimals, as hundredths of a percent. */
function feeBasisPoints(raw: string | undefined): number {
  const value = raw?.trim() || "0";
  const match = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(value);
  const points = match ? Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0")) : Number.NaN;
  if (!(points >= 0 && points <= 10_000)) {
    throw new ConfigError(
      `PLATFORM_FEE_PERCENT must be a percentage from 0 to 100 with at most two decimals, got "${value}"`,
    );
  }
  return points;
}

function operatorDetail(env: Env, name: string, production: boolean, placeholder: string): string {
  const value = env[name]?.trim();
  if (value) return value.replace(/\\n/g, "\n");
  if (production) throw new ConfigError(`${name} is required when NODE_ENV=production and PAYMENTS=prepaid`);
  return placeholder;
}

function moneyConfig(env: Env, production: boolean): MoneyConfig {
  const mode = payments(env.PAYMENTS);
  const needed = production && mode === "prepaid";
  return {
    payments: mode,
    feeBasisPoints: feeBasisPoints(env.PLATFORM_FEE_PERCENT),
    operator: {
      name: operatorDetail(env, "OPERATOR_NAME", needed, "Crewdesk Operator (example)"),
      address: operatorDetail(env, "OPERATOR_ADDRESS", needed, "1 Example Street, 00000 Example City"),
      bankDetails: operatorDetail(
        env,
        "OPERATOR_BANK_DETAILS",
        needed,
        "IBAN DE89 3704 0044 0532 0130 00, BIC COBADEFFXXX, Example Bank (not a real account)",
      ),
    },
  };
}

/**
 * The key of development and tests when SECRETS_KEY is unset: public, so it protects nothing, which is why
 * production never uses it.
 */
const DEV_SECRETS_KEY = "Y3Jld2Rlc2stZGV2ZWxvcG1lbnQta2V5LW5vdC1zZWM="; // base64 of "crewdesk-development-key-not-sec"

/** Where a database URL names no database, the laptop's. */
const DEFAULT_DATABASE_URL = "sqlite:./data/crewdesk.sqlite";

/**
 * Production on SQLite is one node with one disk: without SECRETS_KEY, the key lives in `secrets.key` beside
 * the database file, made (random, readable by the app's user only) on the first start. Null for PostgreSQL,
 * whose several nodes must share one key given to each of them.
 */
function keyFileOf(databaseUrl: string): string | null {
  if (!databaseUrl.startsWith("sqlite:")) return null;
  const file = databaseUrl.slice("sqlite:".length);
  if (file === "" || file === ":memory:") return null;
  return path.join(path.dirname(path.resolve(file)), "secrets.key");
}

function readOrMakeKeyFile(file: string): Buffer {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  try {
    fs.writeFileSync(file, `${randomBytes(32).toString("base64")}\n`, { mode: 0o600, flag: "wx" });
  } catch (error) {
    // Made by an earlier start (or by a migration run a moment ago): read it.
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  const key = Buffer.from(fs.readFileSync(file, "utf8").trim(), "base64");
  if (key.length !== 32) throw new ConfigError(`${file} must hold 32 bytes in base64 (or set SECRETS_KEY)`);
  return key;
}

/**
 * SECRETS_KEY: 32 bytes as 64 hex digits or as base64. Unset: a fixed development key outside production; in
 * production on SQLite the key file beside the database (keyFileOf). Null only in production on PostgreSQL
 * without one (loadConfig refuses that).
 */
export function secretsKeyFrom(env: Env): Buffer | null {
  const raw = env.SECRETS_KEY?.trim() ?? "";
  if (raw === "") {
    if (env.NODE_ENV !== "production") return Buffer.from(DEV_SECRETS_KEY, "base64");
    const file = keyFileOf(env.DATABASE_URL || DEFAULT_DATABASE_URL);
    return file ? readOrMakeKeyFile(file) : null;
  }
  const key = /^[0-9a-fA-F]{64}$/.test(raw)
    ? Buffer.from(raw, "hex")
    : /^[A-Za-z0-9+/_-]{43}=?$/.test(raw)
      ? Buffer.from(raw, "base64")
      : null;
  if (key?.length !== 32)
    throw new ConfigError(
      "SECRETS_KEY must be 32 bytes as 64 hex digits or base64 (make one with: openssl rand -base64 32)",
    );
  return key;
}

/** Reads the configuration from the environment; every default works on a laptop. */
export function loadConfig(env: Env = process.env): Config {
  const port = integer(env, "PORT", 3000);
  const appUrl = (env.APP_URL || `http://localhost:${port}`).replace(/\/+$/, "");
  let parsed: URL;
  try {
    parsed = new URL(appUrl);
  } catch {
    throw new ConfigError(`APP_URL must be an absolute URL, got "${appUrl}"`);
  }
  const production = env.NODE_ENV === "production";
  const smtpUrl = env.SMTP_URL || null;
  if (production && !smtpUrl) {
    throw new ConfigError(
      "SMTP_URL is required when NODE_ENV=production (the dev mailbox is not served in production)",
    );
  }
  const secretsKey = secretsKeyFrom(env);
  if (!secretsKey) {
    throw new ConfigError(
      "SECRETS_KEY is required when NODE_ENV=production on PostgreSQL, the same on every node (32 bytes, e.g. from: openssl rand -base64 32)",
    );
  }
  return {
    port,
    host: env.HOST || "0.0.0.0",
    appUrl,
    appOrigin: parsed.origin,
    secureCookies: parsed.protocol === "https:",
    databaseUrl: env.DATABASE_URL || DEFAULT_DATABASE_URL,
    redisUrl: env.REDIS_URL || null,
    redisKeyPrefix: env.REDIS_KEY_PREFIX || "crewdesk:rate:",
    databasePoolSize: Math.max(1, integer(env, "DATABASE_POOL_SIZE", 10)),
    workers: workersOn(env.WORKERS),
    smtpUrl,
    outboxLeaseMs: Math.max(1, integer(env, "OUTBOX_LEASE_SECONDS", 120)) * 1000,
    mailFrom: env.MAIL_FROM || "Crewdesk <no-reply@localhost>",
    supportEmail: env.SUPPORT_EMAIL || "support@localhost",
    production,
    invitesPerHour: integer(env, "INVITES_PER_HOUR", 20000),
    newCompanyInvitesPerDay: integer(env, "NEW_COMPANY_INVITES_PER_DAY", 200),
    trustProxy: trustProxy(env.TRUST_PROXY),
    metricsToken: env.METRICS_TOKEN || null,
    strictTransportSecurity: parsed.protocol === "https:",
    rateLimits: {
      signInPerAccountAndIp: limit(env, "RATE_LIMIT_SIGN_IN_ACCOUNT_IP", 10, 15 * 60),
      signInPerAccount: limit(env, "RATE_LIMIT_SIGN_IN_ACCOUNT", 50, 15 * 60),
      signInPerIp: limit(env, "RATE_LIMIT_SIGN_IN_IP", 100, 15 * 60),
      recoveryPerAccount: limit(env, "RATE_LIMIT_RECOVERY_ACCOUNT", 5, 60 * 60),
      recoveryPerIp: limit(env, "RATE_LIMIT_RECOVERY_IP", 30, 60 * 60),
      signUpPerIp: limit(env, "RATE_LIMIT_SIGN_UP_IP", 20, 60 * 60),
      supportGuestPerIp: limit(env, "RATE_LIMIT_SUPPORT_IP", 30, 15 * 60),
      supportGuestPerEmail: limit(env, "RATE_LIMIT_SUPPORT_EMAIL", 20, 15 * 60),
      supportPerUser: limit(env, "RATE_LIMIT_SUPPORT_USER", 60, 15 * 60),
      linksPerIp: limit(env, "RATE_LIMIT_LINKS_IP", 60, 15 * 60),
      secondStepPerUser: limit(env, "RATE_LIMIT_SECOND_STEP_USER", 10, 15 * 60),
      accountPasswordPerUser: limit(env, "RATE_LIMIT_ACCOUNT_PASSWORD_USER", 10, 15 * 60),
      bearerFailuresPerIp: limit(env, "RATE_LIMIT_BEARER_FAILURES_IP", 20, 15 * 60),
    },
    webRoot: env.WEB_ROOT || new URL("../../dist/web", import.meta.url).pathname,
    money: moneyConfig(env, production),
    secretsKey,
    webhooks: {
      allowPrivate: env.WEBHOOKS_ALLOW_PRIVATE === "1" || env.WEBHOOKS_ALLOW_PRIVATE === "true",
      disableAfterFailures: Math.max(1, integer(env, "WEBHOOKS_DISABLE_AFTER", 20)),
      maxAttempts: Math.max(1, integer(env, "WEBHOOKS_MAX_ATTEMPTS", 8)),
      timeoutMs: Math.max(100, integer(env, "WEBHOOKS_TIMEOUT_MS", 10_000)),
    },
  };
}
