/**
 * Operator commands: `npm run cli -- <command> [arguments]`. Each works on the database DATABASE_URL names
 * (the schema is brought up to date first) and changes it the way the app would, in one transaction; emails
 * are queued in the outbox, and any running app node sends them. Each feature keeps its commands in its own
 * folder (`commands.ts`); this file only joins them and runs one.
 */
import { loadConfig } from "./config.ts";
import { openDatabase } from "./db/connection.ts";
import { migrateToLatest } from "./db/migrate.ts";
import { documentCommands } from "./documents/commands.ts";
import { createInProcessBus } from "./events/bus.ts";
import { HttpProblem } from "./http/problem.ts";
import { type Commands, UsageError } from "./kernel/command.ts";
import { createAppContext } from "./kernel/context.ts";
import { moneyCommands } from "./money/commands.ts";
import { supportCommands } from "./support/commands.ts";

/** Every operator command: one table, each feature's commands added with one line. */
const commands: Commands = {
  ...supportCommands,
  ...moneyCommands,
  ...documentCommands,
};

function help(): string {
  return [
    "Usage: npm run cli -- <command> [arguments]",
    "",
    ...Object.values(commands).map((c) => `  ${c.usage}\n      ${c.summary}`),
  ].join("\n");
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const command = name ? commands[name] : undefined;
  if (!command) {
    console.error(name && name !== "help" ? `Unknown command "${name}".\n\n${help()}` : help());
    return name === "help" ? 0 : 2;
  }
  const config = loadConfig();
  const database = openDatabase(config.databaseUrl, { poolSize: config.databasePoolSize });
  const bus = createInProcessBus();
  try {
    await migrateToLatest(database);
    console.log(await command.run(args, createAppContext({ config, database, bus })));
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${error.message}\nUsage: npm run cli -- ${command.usage}`);
      return 2;
    }
    if (error instanceof HttpProblem) {
      console.error(error.detail);
      return 1;
    }
    throw error;
  } finally {
    await bus.close();
    await database.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
