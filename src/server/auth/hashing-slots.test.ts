import { describe, expect, it } from "vitest";
import { HttpProblem } from "../http/problem.ts";
import { createHashingSlots } from "./hashing-slots.ts";

/** A piece of work that finishes when `finish` is called, counting how many run at once. */
function gate() {
  let running = 0;
  let most = 0;
  const finishers: Array<() => void> = [];
  const work = () =>
    new Promise<string>((resolve) => {
      running++;
      most = Math.max(most, running);
      finishers.push(() => {
        running--;
        resolve("done");
      });
    });
  const finishAll = async () => {
    while (finishers.length || running) {
      for (const finish of finishers.splice(0)) finish();
      await new Promise((r) => setImmediate(r));
    }
  };
  return { work, finishAll, most: () => most, started: () => finishers.length };
}

describe("password hashing places", () => {
  it("never runs more than its places at once, and runs every waiting piece in turn", async () => {
    const slots = createHashingSlots(2, 10);
    const g = gate();
    const results = Array.from({ length: 8 }, () => slots.run(g.work));
    await new Promise((r) => setImmediate(r));
    expect(g.started()).toBe(2);
    expect(slots.waiting).toBe(6);
    await g.finishAll();
    expect(await Promise.all(results)).toEqual(Array(8).fill("done"));
    expect(g.most()).toBe(2);
    expect(slots.busy).toBe(0);
  });

  it("answers 503 with Retry-After at once when the line is full, and frees the place of a failed piece", async () => {
    const slots = createHashingSlots(1, 1);
    const g = gate();
    const first = slots.run(g.work);
    const second = slots.run(g.work);
    const third = slots.run(g.work);
    await expect(third).rejects.toSatisfy(
      (e) => e instanceof HttpProblem && e.status === 503 && e.extra.retryAfterSeconds === 1,
    );
    await g.finishAll();
    await Promise.all([first, second]);
    await expect(slots.run(() => Promise.reject(new Error("bad hash")))).rejects.toThrow("bad hash");
    expect(slots.busy).toBe(0);
    expect(await slots.run(async () => "next")).toBe("next");
  });
});
