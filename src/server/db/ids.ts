import { randomBytes } from "node:crypto";

/**
 * Random bytes drawn from the system 4 KiB at a time: one call to the CSPRNG per 256 ids instead of one per
 * id (an import makes hundreds of thousands of ids). Each id gets fresh bytes of its own, never reused.
 */
const POOL_IDS = 256;
let pool = Buffer.alloc(0);
let poolOffset = 0;
function randomId16(): Buffer {
  if (poolOffset >= pool.length) {
    pool = randomBytes(16 * POOL_IDS);
    poolOffset = 0;
  }
  const bytes = Buffer.from(pool.subarray(poolOffset, poolOffset + 16));
  poolOffset += 16;
  return bytes;
}

/** The millisecond and counter of the last id made for the current time. */
let last = { ms: -1, counter: 0 };
const COUNTER_MAX = 0xfff;

/** How far behind the last id a time may be and still count on from it (a clock step, a shared `now`). */
const MONOTONIC_WINDOW_MS = 1000;

/**
 * A UUIDv7: random, but ordered by creation time, so keyset pagination by id is pagination by age. Ids made
 * one after another count up in their 12 bits after the time (RFC 9562, method 1; into the next millisecond
 * when those run out), so two events of one request keep their order; an id for a time long past (seeds,
 * backfills) just carries that time. After an id for a time far ahead (a test's clock days on), ids for the
 * clock's time count from it again: one id dated tomorrow must not stop today's from counting up.
 */
export function newId(now = Date.now()): string {
  let ms = now;
  let counter: number;
  const countsOn = now <= last.ms && last.ms - now <= MONOTONIC_WINDOW_MS;
  if (now > last.ms || (!countsOn && Math.abs(now - Date.now()) <= MONOTONIC_WINDOW_MS)) {
    // A fresh millisecond starts low in the counter's range, leaving room to count up.
    counter = Math.floor(Math.random() * (COUNTER_MAX / 2));
    last = { ms, counter };
  } else if (countsOn) {
    ms = last.ms;
    counter = last.counter + 1;
    if (counter > COUNTER_MAX) {
      ms += 1;
      counter = 0;
    }
    last = { ms, counter };
  } else {
    counter = Math.floor(Math.random() * COUNTER_MAX);
  }
  const bytes = randomId16();
  bytes.writeUIntBE(ms, 0, 6);
  bytes[6] = 0x70 | (counter >> 8);
  bytes[7] = counter & 0xff;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
