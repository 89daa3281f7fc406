/** PostgreSQL's SQLSTATEs of a server that cannot serve now: too many clients, shutting down, starting up. */
const UNAVAILABLE_SQLSTATES = new Set([
  "53300",
  "57P01",
  "57P02",
  "57P03",
  "08000",
  "08001",
  "08003",
  "08006",
]);
/** Socket errors of a server that is down or restarting. */
const UNREACHABLE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT"]);
/** pg and pg-pool say "no connection" in words only. */
const UNAVAILABLE_MESSAGES = [
  "timeout exceeded when trying to connect",
  "Connection terminated",
  "Client has encountered a connection error",
];

/**
 * True when a query failed because the database could not serve it now (PostgreSQL down, restarting or out
 * of connections; SQLite locked by another process past the busy timeout), not because of the query: trying
 * again later can succeed.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string") {
    if (UNAVAILABLE_SQLSTATES.has(code) || UNREACHABLE_CODES.has(code)) return true;
    // SQLITE_BUSY and its extended codes (SQLITE_BUSY_SNAPSHOT, …); SQLITE_LOCKED is one connection's own.
    if (code.startsWith("SQLITE_BUSY")) return true;
  }
  if (UNAVAILABLE_MESSAGES.some((message) => error.message.includes(message))) return true;
  return error.cause !== undefined && error.cause !== error && isDatabaseUnavailable(error.cause);
}
