import type { Config } from "../config.ts";
import type { Database } from "../db/connection.ts";
import type { EventBus } from "../events/bus.ts";
import { createHooks } from "./hooks.ts";
import type { Hooks } from "./tx.ts";

/** What every module's routes, use cases and workers are given. */
export interface AppContext {
  config: Config;
  database: Database;
  bus: EventBus;
  /** Cross-feature reactions; each feature registers its handlers when the app is built. */
  hooks: Hooks;
}

export function createAppContext(parts: Omit<AppContext, "hooks">): AppContext {
  return { ...parts, hooks: createHooks() };
}
