/**
 * Operator commands: `npm run cli -- <command> [arguments]`. Each works on the database DATABASE_URL names
 * (the schema is brought up to date first) and changes it the way the app would, in one transaction; emails
 * are queued in the outbox, and any running app node sends them.
 */
import { loadConfig } from "./config.ts";
import { openDatabase } from "./db/connection.ts";
import { migrateToLatest } from "./db/migrate.ts";
import { createInProcessBus } from "./events/bus.ts";
import { HttpProblem } from "./http/problem.ts";
import { type AppContext, createAppContext } from "./kernel/context.ts";
import { transact } from "./kernel/transaction.ts";
import { createSupportAgent } from "./support/create-support-agent.ts";

interface Command {
  usage: string;
  summary: string;
  /** Returns what to print; throws a UsageError for wrong arguments, an HttpProblem for a refusal. */
  run(args: string[], context: AppContext): Promise<string>;
}

class UsageError extends Error {}

/** `--name value` out of the arguments; the rest stay positional. */
function option(args: string[], name: string): { value: string | undefined; rest: string[] } {
  const at = args.indexOf(`--${name}`);
  if (at === -1) return { value: undefined, rest: args };
  const value = args[at + 1];
  if (value === undefined || value.startsWith("--")) throw new UsageError(`--${name} needs a value`);
  return { value, rest: [...args.slice(0, at), ...args.slice(at + 2)] };
}

const MAIL_NOTE = "The email waits in the outbox; a running Crewdesk sends it within seconds.";

/** One entry per command. */
const commands: Record<string, Command> = {
  "create-support-agent": {
    usage: "create-support-agent <email> [--name <name>]",
    summary: "Make the address a support agent; a new account is emailed a link to choose its password",
    async run(args, context) {
      const { value: name, rest } = option(args, "name");
      const [email, ...extra] = rest;
      if (!email || extra.length > 0) throw new UsageError("give exactly one email address");
      const agent = await transact(context, (tx) => createSupportAgent(tx, { email, name }));
      switch (agent.outcome) {
        case "created":
          return `Created support agent ${agent.email}: a link to choose a password (valid 7 days) is on its way. ${MAIL_NOTE}`;
        case "promoted":
          return `${agent.email} is now a support agent and was told so by email. ${MAIL_NOTE}`;
        case "link-sent-again":
          return `${agent.email} is a support agent without a password yet: a new link was queued (the old one no longer works). ${MAIL_NOTE}`;
        case "already-agent":
          return `${agent.email} is already a support agent with a password; nothing was changed or sent.`;
      }
    },
  },
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
  const database = openDatabase(config.databaseUrl);
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
