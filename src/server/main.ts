import { buildApp } from "./app.ts";
import { ConfigError, loadConfig } from "./config.ts";
import { openDatabase } from "./db/connection.ts";
import { migrateToLatest } from "./db/migrate.ts";
import { createInProcessBus, createPostgresBus } from "./events/bus.ts";
import { connectRedisCounters } from "./http/redis-counters.ts";
import { createAppContext } from "./kernel/context.ts";
import { startWorkers } from "./workers.ts";

async function main(): Promise<void> {
  const config = loadConfig();
  const database = openDatabase(config.databaseUrl, { poolSize: config.databasePoolSize });
  await migrateToLatest(database);
  const bus = database.dialect === "postgres" ? await createPostgresBus(database.url) : createInProcessBus();
  const redis = config.redisUrl
    ? await connectRedisCounters(config.redisUrl, {
        prefix: config.redisKeyPrefix,
        // The client reconnects by itself; meanwhile rate-limited requests fail (500) rather than go uncounted.
        onError: (error) => console.error(`Redis (rate limits): ${error.message}`),
      })
    : null;
  const context = createAppContext({ config, database, bus, ...(redis && { rateCounters: redis.store }) });
  const app = await buildApp(context);
  // A node with WORKERS=off serves HTTP only; the background work runs on the nodes that have it on.
  const workers = config.workers ? startWorkers(context, app.log) : { stop: async () => {} };

  await app.listen({ port: config.port, host: config.host });
  console.log(`Crewdesk is running at ${config.appUrl} (database: ${database.dialect})`);
  if (!config.smtpUrl)
    console.log(`Dev mailbox: ${config.appUrl}/dev/mail (set SMTP_URL to send real email)`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, "stopping: finishing in-flight requests");
    // Stop taking work, let requests and jobs in flight finish, then close the database last.
    await workers.stop();
    await app.close();
    await bus.close();
    await redis?.close();
    await database.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(`Configuration error: ${error.message}`);
  } else {
    console.error(error);
  }
  process.exit(1);
});
