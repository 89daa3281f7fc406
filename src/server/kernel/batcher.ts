/** One item's own outcome inside a batch: its value, or the error it alone gets (a 409, a 404, …). */
export type ItemOutcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

export interface BatcherOptions<I, R> {
  /**
   * Does several items of one key at once (in one transaction) and answers each in order. An item that
   * cannot be done gets its own error; a throw fails the whole batch, and its items are then done one by one
   * with `runOne`, so none of them gets an error it would not get alone.
   */
  runBatch(key: string, items: I[]): Promise<Array<ItemOutcome<R>>>;
  /** Does one item alone: a batch of one, and each item of a batch that failed. */
  runOne(key: string, item: I): Promise<R>;
  /** The most items a batch takes; more wait for the next. */
  maxItems: number;
  /** How long the first item of a key waits for others when no batch of that key is running. */
  maxWaitMs: number;
}

export interface Batcher<I, R> {
  /** Resolves with the item's value or rejects with its own error, once its batch has committed. */
  submit(key: string, item: I): Promise<R>;
}

interface Waiting<I, R> {
  item: I;
  resolve(value: R): void;
  reject(error: unknown): void;
}

interface Lane<I, R> {
  waiting: Array<Waiting<I, R>>;
  running: boolean;
  timer: NodeJS.Timeout | null;
}

/**
 * Group commit: items of one key (a company's acceptances) submitted close together are done in one batch.
 * The first item of an idle key waits `maxWaitMs` for others; items arriving while a batch of their key runs
 * wait for it to end and form the next batch at once (at most `maxItems` each). Keys are independent.
 */
export function createBatcher<I, R>(options: BatcherOptions<I, R>): Batcher<I, R> {
  const lanes = new Map<string, Lane<I, R>>();

  async function flush(key: string, lane: Lane<I, R>): Promise<void> {
    lane.timer = null;
    lane.running = true;
    const batch = lane.waiting.splice(0, options.maxItems);
    try {
      await runAll(key, batch);
    } finally {
      lane.running = false;
      if (lane.waiting.length > 0) void flush(key, lane);
      else lanes.delete(key);
    }
  }

  async function runAll(key: string, batch: Array<Waiting<I, R>>): Promise<void> {
    if (batch.length > 1) {
      let outcomes: Array<ItemOutcome<R>> | null = null;
      try {
        outcomes = await options.runBatch(
          key,
          batch.map((w) => w.item),
        );
      } catch {
        outcomes = null; // the whole batch failed: each item on its own below
      }
      if (outcomes) {
        batch.forEach((w, i) => {
          const outcome = outcomes[i];
          if (!outcome) w.reject(new Error("the batch gave no answer for this item"));
          else if (outcome.ok) w.resolve(outcome.value);
          else w.reject(outcome.error);
        });
        return;
      }
    }
    for (const w of batch) {
      try {
        w.resolve(await options.runOne(key, w.item));
      } catch (error) {
        w.reject(error);
      }
    }
  }

  return {
    submit(key, item) {
      return new Promise<R>((resolve, reject) => {
        let lane = lanes.get(key);
        if (!lane) {
          lane = { waiting: [], running: false, timer: null };
          lanes.set(key, lane);
        }
        lane.waiting.push({ item, resolve, reject });
        if (lane.running) return; // the next batch starts when this one ends
        const current = lane;
        if (current.waiting.length >= options.maxItems) {
          if (current.timer) clearTimeout(current.timer);
          void flush(key, current);
        } else if (!current.timer) {
          current.timer = setTimeout(() => void flush(key, current), options.maxWaitMs);
        }
      });
    },
  };
}
