import type { FastifyBaseLogger } from "fastify";

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

/** Runs rounds of work until stopped; a round in flight is finished before stop() resolves. */
export function startPolling({ round, idleMs, log, failure }: Polling): Worker {
  let running = true;
  let wake: (() => void) | null = null;
  const loop = (async () => {
    while (running) {
      let more = false;
      try {
        more = await round();
      } catch (error) {
        log.error({ err: error }, failure);
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
