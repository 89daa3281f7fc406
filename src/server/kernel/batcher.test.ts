import { describe, expect, it } from "vitest";
import { type BatcherOptions, createBatcher, type ItemOutcome } from "./batcher.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A batcher over numbers that doubles them, recording each batch and each item done alone. */
function doubling(overrides: Partial<BatcherOptions<number, number>> = {}) {
  const batches: Array<{ key: string; items: number[] }> = [];
  const alone: number[] = [];
  const batcher = createBatcher<number, number>({
    maxItems: 10,
    maxWaitMs: 2,
    async runBatch(key, items) {
      batches.push({ key, items });
      await sleep(5); // a transaction that takes a while: others arrive meanwhile
      return items.map(
        (n): ItemOutcome<number> =>
          n < 0 ? { ok: false, error: new Error(`bad ${n}`) } : { ok: true, value: n * 2 },
      );
    },
    async runOne(_key, n) {
      alone.push(n);
      if (n < 0) throw new Error(`bad ${n}`);
      return n * 2;
    },
    ...overrides,
  });
  return { batcher, batches, alone };
}

describe("the batcher (group commit)", () => {
  it("does items of one key submitted together in one batch and answers each its own", async () => {
    const { batcher, batches, alone } = doubling();
    const answers = await Promise.allSettled([1, 2, -3, 4].map((n) => batcher.submit("a", n)));
    expect(batches).toEqual([{ key: "a", items: [1, 2, -3, 4] }]);
    expect(alone).toEqual([]);
    expect(answers.map((a) => (a.status === "fulfilled" ? a.value : String(a.reason)))).toEqual([
      2,
      4,
      "Error: bad -3",
      8,
    ]);
  });

  it("does one item alone, as it would without the batcher", async () => {
    const { batcher, batches, alone } = doubling();
    expect(await batcher.submit("a", 21)).toBe(42);
    expect(batches).toEqual([]);
    expect(alone).toEqual([21]);
  });

  it("gathers the items that arrive while a batch runs into the next batch, at most maxItems each", async () => {
    const { batcher, batches } = doubling({ maxItems: 3 });
    const first = [1, 2].map((n) => batcher.submit("a", n));
    await sleep(4); // the first batch is running now
    const later = [3, 4, 5, 6, 7].map((n) => batcher.submit("a", n));
    expect(await Promise.all([...first, ...later])).toEqual([2, 4, 6, 8, 10, 12, 14]);
    expect(batches.map((b) => b.items)).toEqual([
      [1, 2],
      [3, 4, 5],
      [6, 7],
    ]);
  });

  it("keeps keys apart", async () => {
    const { batcher, batches } = doubling();
    await Promise.all([
      batcher.submit("a", 1),
      batcher.submit("b", 2),
      batcher.submit("a", 3),
      batcher.submit("b", 4),
    ]);
    expect(batches.sort((x, y) => x.key.localeCompare(y.key))).toEqual([
      { key: "a", items: [1, 3] },
      { key: "b", items: [2, 4] },
    ]);
  });

  it("does each item of a failed batch alone, so each gets what it would get alone", async () => {
    const { batcher, alone } = doubling({
      async runBatch() {
        throw new Error("could not serialize access due to concurrent update");
      },
    });
    const answers = await Promise.allSettled([5, -6, 7].map((n) => batcher.submit("a", n)));
    expect(alone).toEqual([5, -6, 7]);
    expect(answers.map((a) => (a.status === "fulfilled" ? a.value : String(a.reason)))).toEqual([
      10,
      "Error: bad -6",
      14,
    ]);
  });

  it("starts the next batch of a key after a failed one", async () => {
    let fail = true;
    const { batcher, batches } = doubling({
      async runBatch(key, items) {
        batches.push({ key, items });
        await sleep(5);
        if (fail) {
          fail = false;
          throw new Error("deadlock detected");
        }
        return items.map((n) => ({ ok: true as const, value: n * 2 }));
      },
    });
    const first = [1, 2].map((n) => batcher.submit("a", n));
    await sleep(4);
    const later = [3, 4].map((n) => batcher.submit("a", n));
    expect(await Promise.all([...first, ...later])).toEqual([2, 4, 6, 8]);
    expect(batches.map((b) => b.items)).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });
});
