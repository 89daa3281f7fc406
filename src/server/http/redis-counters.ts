import { createClient } from "redis";
import type { RateCounterStore, RateCounters } from "./rate-limit.ts";

/**
 * One hit in one step, so two nodes hitting the same key at once cannot both start a window: the first hit
 * sets the window's length, later ones only count. Answers the count and the milliseconds left.
 */
const HIT = `
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local left = redis.call('PTTL', KEYS[1])
if left < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  left = tonumber(ARGV[1])
end
return {hits, left}`;

/** DECR keeps the key's expiry; never below zero, and never brings back a window that ended. */
const REFUND = `
local hits = tonumber(redis.call('GET', KEYS[1]))
if hits and hits > 0 then redis.call('DECR', KEYS[1]) end
return 0`;

export interface RedisCounters {
  store: RateCounterStore;
  close(): Promise<void>;
}

/**
 * Counters in Redis (REDIS_URL), shared by every node that names the same server, under `prefix`
 * (REDIS_KEY_PREFIX) so that one Redis can serve several apps. A window lives as long as its key: Redis
 * expires it, by Redis's clock.
 */
export async function connectRedisCounters(
  url: string,
  { prefix, onError }: { prefix: string; onError: (error: Error) => void },
): Promise<RedisCounters> {
  const client = createClient({ url });
  // Without a listener, a dropped connection's error would end the process.
  client.on("error", onError);
  await client.connect();
  const counters: RateCounters = {
    async hit(key, windowMs, now) {
      const reply = (await client.eval(HIT, {
        keys: [prefix + key],
        arguments: [String(Math.max(1, windowMs))],
      })) as [number, number];
      return { hits: Number(reply[0]), endsAt: now.getTime() + Number(reply[1]) };
    },
    async refund(key) {
      await client.eval(REFUND, { keys: [prefix + key] });
    },
  };
  return {
    store: () => counters,
    async close() {
      await client.close();
    },
  };
}
