import type { Config } from "../config.ts";
import type { Database } from "../db/connection.ts";
import type { EventBus } from "../events/bus.ts";
import { databaseCounters, type RateCounterStore } from "../http/rate-limit.ts";
import { createHooks } from "./hooks.ts";
import type { Hooks } from "./tx.ts";

/** What every module's routes, use cases and workers are given. */
export interface AppContext {
  config: Config;
  database: Database;
  bus: EventBus;
  /** Cross-feature reactions; each feature registers its handlers when the app is built. */
  hooks: Hooks;
  /** Where rate limits count attempts: the database's `rate_limits`, or Redis when REDIS_URL is set. */
  rateCounters: RateCounterStore;
}

export function createAppContext(
  parts: Omit<AppContext, "hooks" | "rateCounters"> & { rateCounters?: RateCounterStore },
): AppContext {
  return { rateCounters: databaseCounters, ...parts, hooks: createHooks() };
}
