import type { Config } from "./config.ts";
import type { Database } from "./db/connection.ts";
import type { EventBus } from "./events/bus.ts";

/** What every module's routes and workers are given. */
export interface AppContext {
  config: Config;
  database: Database;
  bus: EventBus;
}
