import type { FastifyRequest } from "fastify";
import type { Kysely } from "kysely";
import type { RateLimitConfig } from "../config.ts";
import type { DB } from "../db/types.ts";
import { tooManyRequests } from "./problem.ts";

/**
 * Counts one attempt against `key` in a fixed window kept in the database, so every app node shares it.
 * Throws 429 with Retry-After once the window's allowance is spent.
 */
export async function spendRateLimit(
  db: Kysely<DB>,
  key: string,
  limit: RateLimitConfig,
  now = new Date(),
): Promise<void> {
  const nowIso = now.toISOString();
  await db.deleteFrom("rate_limits").where("key", "=", key).where("window_ends_at", "<=", nowIso).execute();
  const row = await db
    .insertInto("rate_limits")
    .values({
      key,
      hits: 1,
      window_ends_at: new Date(now.getTime() + limit.windowSeconds * 1000).toISOString(),
    })
    .onConflict((oc) => oc.column("key").doUpdateSet((eb) => ({ hits: eb("rate_limits.hits", "+", 1) })))
    .returning(["hits", "window_ends_at"])
    .executeTakeFirstOrThrow();
  if (row.hits > limit.max) {
    throw tooManyRequests((Date.parse(row.window_ends_at) - now.getTime()) / 1000);
  }
}

/** Gives back one attempt spent under `key` (an attempt that turned out not to count, e.g. a sign-in that succeeded). */
export async function refundRateLimit(db: Kysely<DB>, key: string): Promise<void> {
  await db
    .updateTable("rate_limits")
    .set((eb) => ({ hits: eb("hits", "-", 1) }))
    .where("key", "=", key)
    .where("hits", ">", 0)
    .execute();
}

/**
 * A route's `onRequest` hook: every call spends one attempt of the client address's allowance under `name`,
 * before the body is even read. The address is `request.ip`, i.e. X-Forwarded-For only as far as
 * TRUST_PROXY allows.
 */
export function limitPerIp(db: Kysely<DB>, name: string, limit: RateLimitConfig) {
  return async (request: FastifyRequest): Promise<void> => {
    await spendRateLimit(db, `${name}:ip:${request.ip}`, limit);
  };
}
