import type { Config } from "../config.ts";
import type { Database } from "../db/connection.ts";
import type { AppEvent, EventBus } from "../events/bus.ts";
import type { RateCounterStore } from "../http/rate-limit.ts";
import type { Hooks, Tx } from "./tx.ts";

export interface TransactionDeps {
  config: Config;
  database: Database;
  bus: EventBus;
  hooks: Hooks;
  rateCounters: RateCounterStore;
}

/**
 * Runs `work` in one database transaction, then publishes its events and runs its after-commit effects.
 * Routes and workers call this; use cases never open a transaction of their own.
 */
export async function transact<T>(
  deps: TransactionDeps,
  work: (tx: Tx) => Promise<T>,
  now = new Date(),
): Promise<T> {
  const events: AppEvent[] = [];
  const effects: Array<() => Promise<void>> = [];
  const result = await deps.database.db.transaction().execute((trx) =>
    work({
      db: trx,
      config: deps.config,
      hooks: deps.hooks,
      rateCounters: deps.rateCounters(trx),
      now,
      // `data` matches `name` (Tx.publish's signature); TypeScript cannot follow the pair into the union.
      publish: (name, audience, data) => events.push({ name, audience, data } as AppEvent),
      afterCommit: (effect) => effects.push(effect),
    }),
  );
  for (const event of events) await deps.bus.publish(event);
  for (const effect of effects) await effect();
  return result;
}
