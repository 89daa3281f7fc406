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
