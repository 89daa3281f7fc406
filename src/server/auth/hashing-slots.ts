import { availableParallelism } from "node:os";
import { HttpProblem } from "../http/problem.ts";

/**
 * A fixed number of places for password hashing (argon2id: 19 MiB and about 10 ms of a core each), and a
 * bounded line of those waiting for one. Without it a flood of sign-ins would put every libuv thread and
 * every core to hashing, and every other route (and the file reads that share those threads) would wait.
 * With it hashing takes at most `places` cores, leaving the event loop at least one; past the line the
 * caller gets 503 with Retry-After at once, instead of a queue that grows without end.
 */
export interface HashingSlots {
  run<T>(work: () => Promise<T>): Promise<T>;
  readonly busy: number;
  readonly waiting: number;
}

export function createHashingSlots(places: number, maxWaiting: number): HashingSlots {
  let busy = 0;
  const line: Array<() => void> = [];

  const release = () => {
    const next = line.shift();
    if (next) next();
    else busy--;
  };

  return {
    get busy() {
      return busy;
    },
    get waiting() {
      return line.length;
    },
    async run(work) {
      if (busy < places) {
        busy++;
      } else {
        if (line.length >= maxWaiting) {
          throw new HttpProblem(
            503,
            "The server is checking many passwords right now. Try again in a moment.",
            {
              retryAfterSeconds: 1,
            },
          );
        }
        // The place is handed over by `release` without being counted free in between.
        await new Promise<void>((resolve) => line.push(resolve));
      }
      try {
        return await work();
      } finally {
        release();
      }
    },
  };
}

/** One core's worth fewer than the machine has (at least one), and up to 256 waiting: about 2.5 s of work. */
export const passwordHashing = createHashingSlots(Math.max(1, availableParallelism() - 1), 256);
