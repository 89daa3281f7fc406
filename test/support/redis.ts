import { randomUUID } from "node:crypto";

const INSTALL = "apt-get install -y redis-server";

/**
 * The Redis the tests of the Redis path use: REDIS_TEST_URL, which `npm test` sets to a throwaway
 * redis-server of its own. Missing, the test fails saying how to get one: it never passes without Redis.
 */
export function redisTestUrl(): string {
  const url = process.env.REDIS_TEST_URL;
  if (!url) {
    throw new Error(
      `REDIS_TEST_URL is not set: the Redis rate limits are tested against a real Redis. Run \`npm test\` (it starts one; install it first with: ${INSTALL}), or start one and set REDIS_TEST_URL=redis://127.0.0.1:6379`,
    );
  }
  return url;
}

/** A key prefix no other run uses, so tests may share a Redis that holds other data (never flushed). */
export const uniqueRedisPrefix = (): string => `crewdesk-test:${randomUUID()}:`;
