export interface PostgresCluster {
  /** postgres://postgres@127.0.0.1:PORT/postgres (trust authentication). */
  url: string;
  port: number;
  /** Starts the stopped cluster again, on the same port; waits until it accepts connections. */
  start(): void;
  /** Stops it: `immediate` (the default) as a crash would, `fast` as a clean shutdown. */
  stop(mode?: "immediate" | "fast" | "smart"): void;
  /** Stops it and deletes its folder. */
  remove(): void;
}

export function findPostgresBin(): string | null;
export function startPostgresCluster(options?: {
  maxConnections?: number;
  crashSafe?: boolean;
}): Promise<PostgresCluster>;
