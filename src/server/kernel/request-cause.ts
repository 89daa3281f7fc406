import { AsyncLocalStorage } from "node:async_hooks";

/**
 * The request whose work is running (its id, as its log lines and X-Request-Id say). Rows written for later
 * (outbox emails, jobs) keep it, and the worker that sends or runs them runs under it again, so one search
 * of the logs follows a request to the mail and work it caused.
 */
const cause = new AsyncLocalStorage<string>();

/** The id of the request that caused the running work; null outside a request and its jobs. */
export function causingRequestId(): string | null {
  return cause.getStore() ?? null;
}

/** Runs `work` (and all it starts) as caused by `requestId`; with no id, as caused by nothing. */
export function runCausedBy<T>(requestId: string | null, work: () => T): T {
  return requestId === null ? cause.exit(work) : cause.run(requestId, work);
}
