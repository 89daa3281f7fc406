import type { AppContext } from "./context.ts";

/**
 * One operator command of `npm run cli -- <name> …` (src/server/cli.ts). A feature exports its commands as
 * a `Commands` table; cli.ts joins the tables into one.
 */
export interface Command {
  usage: string;
  summary: string;
  /** Returns what to print; throws a UsageError for wrong arguments, an HttpProblem for a refusal. */
  run(args: string[], context: AppContext): Promise<string>;
}

/** Commands by name. */
export type Commands = Record<string, Command>;

/** Wrong arguments: the cli prints the message and the command's usage, and exits with 2. */
export class UsageError extends Error {}

/** `--name value` out of the arguments; the rest stay positional. */
export function option(args: string[], name: string): { value: string | undefined; rest: string[] } {
  const at = args.indexOf(`--${name}`);
  if (at === -1) return { value: undefined, rest: args };
  const value = args[at + 1];
  if (value === undefined || value.startsWith("--")) throw new UsageError(`--${name} needs a value`);
  return { value, rest: [...args.slice(0, at), ...args.slice(at + 2)] };
}

export const MAIL_NOTE = "The email waits in the outbox; a running Crewdesk sends it within seconds.";
