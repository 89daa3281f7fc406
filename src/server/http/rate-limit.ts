import type { FastifyRequest } from "fastify";
import type { Kysely } from "kysely";
import type { RateLimitConfig } from "../config.ts";
import type { DB } from "../db/types.ts";
import { tooManyRequests } from "./problem.ts";

/** One fixed window's count: the hits so far, and when the window ends (ms since the epoch). */
export interface WindowCount {
  hits: number;
  endsAt: number;
}

/**
 * Where the attempts are counted. Every app node must share them, or an attacker alternating between nodes
 * gets one allowance per node: rows of `rate_limits` in the database, or Redis when REDIS_URL is set.
 */
export interface RateCounters {
  /** Counts one hit under `key`; the first hit of a window starts it, `windowMs` long. */
  hit(key: string, windowMs: number, now: Date): Promise<WindowCount>;
  /** Gives back one hit (an attempt that turned out not to count, e.g. a sign-in that succeeded); never below zero. */
  refund(key: string): Promise<void>;
}

/**
 * The counters a caller uses, given the database it works in (the pool, or its open transaction: on SQLite a
 * query outside the open transaction would wait for it forever). Counters kept elsewhere ignore it.
 */
export type RateCounterStore = (db: Kysely<DB>) => RateCounters;

/** Counters in the `rate_limits` table of the database `db` reaches. */
export const databaseCounters: RateCounterStore = (db) => ({
  async hit(key, windowMs, now) {
    await db
      .deleteFrom("rate_limits")
      .where("key", "=", key)
      .where("window_ends_at", "<=", now.toISOString())
      .execute();
    const row = await db
      .insertInto("rate_limits")
      .values({ key, hits: 1, window_ends_at: new Date(now.getTime() + windowMs).toISOString() })
      .onConflict((oc) => oc.column("key").doUpdateSet((eb) => ({ hits: eb("rate_limits.hits", "+", 1) })))
      .returning(["hits", "window_ends_at"])
      .executeTakeFirstOrThrow();
    return { hits: row.hits, endsAt: Date.parse(row.window_ends_at) };
  },
  async refund(key) {
    await db
      .updateTable("rate_limits")
      .set((eb) => ({ hits: eb("hits", "-", 1) }))
      .where("key", "=", key)
      .where("hits", ">", 0)
      .execute();
  },
});

/**
 * Counts one attempt against `key` in its fixed window. Throws 429 with Retry-After (the seconds until the
 * window ends) once the window's allowance is spent.
 */
export async function spendRateLimit(
  counters: RateCounters,
  key: string,
  limit: RateLimitConfig,
  now = new Date(),
): Promise<void> {
  const count = await counters.hit(key, limit.windowSeconds * 1000, now);
  if (count.hits > limit.max) throw tooManyRequests((count.endsAt - now.getTime()) / 1000);
}

/**
 * A route's `onRequest` hook: every call spends one attempt of the client address's allowance under `name`,
 * before the body is even read. The address is `request.ip`, i.e. X-Forwarded-For only as far as
 * TRUST_PROXY allows.
 */
export function limitPerIp(counters: RateCounters, name: string, limit: RateLimitConfig) {
  return async (request: FastifyRequest): Promise<void> => {
    await spendRateLimit(counters, `${name}:ip:${request.ip}`, limit);
  };
}
