import { createClient } from "redis";
import { afterAll, describe, expect, it } from "vitest";
import { buildUser, GOOD_PASSWORD } from "../../../test/support/factories.ts";
import { redisTestUrl, uniqueRedisPrefix } from "../../../test/support/redis.ts";
import { setUpTestApp } from "../../../test/support/test-app.ts";
import { uniqueEmail } from "../../../test/support/unique.ts";
import { hashPassword } from "../auth/passwords.ts";
import type { HttpProblem } from "./problem.ts";
import { spendRateLimit } from "./rate-limit.ts";
import { connectRedisCounters, type RedisCounters } from "./redis-counters.ts";

const url = redisTestUrl();
const prefix = uniqueRedisPrefix();
const t = setUpTestApp({ REDIS_URL: url, REDIS_KEY_PREFIX: prefix, RATE_LIMIT_SIGN_IN_ACCOUNT_IP_MAX: "3" });

const opened: RedisCounters[] = [];
afterAll(async () => {
  await Promise.all(opened.map((counters) => counters.close()));
  // Leaves the shared Redis as it found it: only this run's keys go.
  const client = createClient({ url });
  await client.connect();
  const keys = await client.keys(`${prefix}*`);
  if (keys.length > 0) await client.del(keys);
  await client.close();
});

/** The counters of one more app node: its own connection to the same Redis. */
async function node(): Promise<RedisCounters> {
  const counters = await connectRedisCounters(url, {
    prefix,
    onError: (error) => {
      throw error;
    },
  });
  opened.push(counters);
  return counters;
}

const limit = (max: number, windowSeconds: number) => ({ max, windowSeconds });

async function refusal(attempt: Promise<void>): Promise<HttpProblem> {
  return attempt.then(
    () => {
      throw new Error("the attempt was allowed");
    },
    (error: HttpProblem) => error,
  );
}

describe("rate limits counted in Redis (REDIS_URL)", () => {
  it("refuses the fourth wrong password with 429 and Retry-After, and keeps no counter in the database", async () => {
    const email = uniqueEmail("redis");
    await buildUser(t.context.database.db, { email, passwordHash: await hashPassword(GOOD_PASSWORD) });
    const client = t.client({ ip: "198.51.100.7" });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await client.post("/api/auth/sign-in", { email, password: `guess ${i}` })).status);
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
    const limited = await client.post("/api/auth/sign-in", { email, password: GOOD_PASSWORD });
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers["retry-after"]);
    expect(retryAfter).toBeGreaterThan(14 * 60);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);

    const counted = await t.context.database.db
      .selectFrom("rate_limits")
      .select("key")
      .where("key", "like", "sign-in:account-ip:%")
      .execute();
    expect(counted).toEqual([]);
  });

  it("shares one window between nodes: attempts alternating between two get no more tries", async () => {
    const [a, b] = [await node(), await node()];
    const key = `shared:${uniqueRedisPrefix()}`;
    for (const counters of [a, b, a])
      await spendRateLimit(counters.store(t.context.database.db), key, limit(3, 60));
    const refused = await refusal(spendRateLimit(b.store(t.context.database.db), key, limit(3, 60)));
    expect(refused.status).toBe(429);
    expect(refused.extra.retryAfterSeconds).toBeGreaterThan(55);
    expect(refused.extra.retryAfterSeconds).toBeLessThanOrEqual(60);
  });

  it("gives a refunded attempt back, and never counts below zero", async () => {
    const counters = (await node()).store(t.context.database.db);
    const key = `refund:${uniqueRedisPrefix()}`;
    await counters.refund(key);
    expect((await counters.hit(key, 60_000, new Date())).hits).toBe(1);
    await counters.refund(key);
    await counters.refund(key);
    expect((await counters.hit(key, 60_000, new Date())).hits).toBe(1);
  });

  it("starts a new window once the last one's time is up", async () => {
    const counters = (await node()).store(t.context.database.db);
    const key = `expiry:${uniqueRedisPrefix()}`;
    await spendRateLimit(counters, key, { max: 1, windowSeconds: 1 });
    expect((await refusal(spendRateLimit(counters, key, { max: 1, windowSeconds: 1 }))).status).toBe(429);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await expect(spendRateLimit(counters, key, { max: 1, windowSeconds: 1 })).resolves.toBeUndefined();
  });
});
