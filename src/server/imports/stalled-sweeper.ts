import type { FastifyBaseLogger } from "fastify";
import { databaseResting, restIfUnavailable } from "../jobs/poll.ts";
import type { AppContext } from "../kernel/context.ts";
import { transact } from "../kernel/transaction.ts";
import { failStalledReadings } from "./fail-stalled-readings.ts";

const EVERY_MS = 60_000;

/**
 * Looks for readings that stopped with their process, on start and then every minute. Any node may do it:
 * a reading that is alive moves its import on every few milliseconds, so no two nodes disagree.
 */
export function startStalledReadingSweeper(
  context: AppContext,
  log: FastifyBaseLogger,
): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const sweep = () => {
    if (databaseResting()) return;
    running = transact(context, (tx) => failStalledReadings(tx)).catch((error: unknown) => {
      restIfUnavailable(error);
      log.error({ err: error }, "stalled import readings not swept");
    });
  };
  sweep();
  const timer = setInterval(sweep, EVERY_MS);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
