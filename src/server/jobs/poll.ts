import type { FastifyBaseLogger } from "fastify";
import { isDatabaseUnavailable } from "../db/unavailable.ts";

export interface Worker {
  stop(): Promise<void>;
}

export interface Polling {
  /** One round of work; true when there may be more right away (a full batch), so the next starts at once. */
  round(): Promise<boolean>;
  /** The pause after a round that found nothing more to do. */
  idleMs: number;
  log: FastifyBaseLogger;
  /** What the log says when a round throws; the loop goes on. */
  failure: string;
}

/** How long every worker of the process stays off the database after one found it unavailable. */
const UNAVAILABLE_PAUSE_MS = 5_000;
/**
 * Shared by the process's workers: on SQLite a locked database makes each query wait out the busy timeout
 * with the event loop held, so workers taking turns at it would keep requests waiting many times over.
 */
let databaseRestsUntil = 0;

/** True while the process's workers leave the database alone (it was found unavailable moments ago). */
export function databaseResting(): boolean {
  return Date.now() < databaseRestsUntil;
}

/** Called with a worker's failure: an unavailable database makes every worker rest a few seconds. */
export function restIfUnavailable(error: unknown): void {
  if (isDatabaseUnavailable(error)) databaseRestsUntil = Date.now() + UNAVAILABLE_PAUSE_MS;
}

/** Runs rounds of work until stopped; a round in flight is finished before stop() resolves. */
export function startPolling({ round, idleMs, log, failure }: Polling): Worker {
  let running = true;
  let wake: (() => void) | null = null;
  const loop = (async () => {
    while (running) {
      let more = false;
      if (!databaseResting()) {
        try {
          more = await round();
        } catch (error) {
          restIfUnavailable(error);
          log.error({ err: error }, failure);
        }
      }
      if (!more && running) {
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, idleMs);
        });
        wake = null;
      }
    }
  })();
  return {
    async stop() {
      running = false;
      wake?.();
      await loop;
    },
  };
}
