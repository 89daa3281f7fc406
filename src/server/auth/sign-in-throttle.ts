import type { Kysely } from "kysely";
import type { Config } from "../config.ts";
import type { DB } from "../db/types.ts";
import { type RateCounters, spendRateLimit } from "../http/rate-limit.ts";
import { SESSION_ABSOLUTE_MS } from "./sessions.ts";

/** An attempt counted before the password is checked; a success gives back what only failures may spend. */
export interface SignInAttempt {
  succeeded(): Promise<void>;
}

const knownKey = (account: string, ip: string) => `sign-in:known:${account}:${ip}`;

/** An address that signed in to this account within the last 30 days (a session's longest life). */
async function isKnownAddress(db: Kysely<DB>, account: string, ip: string, now: Date): Promise<boolean> {
  const row = await db
    .selectFrom("rate_limits")
    .select("key")
    .where("key", "=", knownKey(account, ip))
    .where("window_ends_at", ">", now.toISOString())
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Counts one sign-in attempt before the password is checked (429 once an allowance is spent), so that a
 * burst of parallel guesses cannot slip past a check made afterwards. Three allowances:
 * - every attempt from one IP address, whatever the account (password spraying);
 * - failures for one address typed from one IP address: a stranger's guesses spend their own pair, never
 *   the owner's;
 * - failures for one address from IP addresses that have not signed in to it before: a wider ceiling that a
 *   crowd of addresses reaches together, while the owner's usual address stays open.
 * The account is the address as typed (normalised), whether or not an account has it, so a 429 reveals
 * nothing; recovery has its own allowances and keeps working meanwhile.
 * The counters are `counters` (shared by every node); the addresses known to an account stay in the database.
 */
export async function spendSignInAttempt(
  db: Kysely<DB>,
  counters: RateCounters,
  config: Config,
  input: { account: string; ip: string },
  now: Date,
): Promise<SignInAttempt> {
  const limits = config.rateLimits;
  const { account, ip } = input;
  const pairKey = `sign-in:account-ip:${account}:${ip}`;
  const accountKey = `sign-in:account:${account}`;
  await spendRateLimit(counters, `sign-in:ip:${ip}`, limits.signInPerIp, now);
  await spendRateLimit(counters, pairKey, limits.signInPerAccountAndIp, now);
  const known = await isKnownAddress(db, account, ip, now);
  if (!known) await spendRateLimit(counters, accountKey, limits.signInPerAccount, now);
  return {
    async succeeded() {
      await counters.refund(pairKey);
      if (!known) await counters.refund(accountKey);
      const until = new Date(now.getTime() + SESSION_ABSOLUTE_MS).toISOString();
      await db
        .insertInto("rate_limits")
        .values({ key: knownKey(account, ip), hits: 0, window_ends_at: until })
        .onConflict((oc) => oc.column("key").doUpdateSet({ window_ends_at: until }))
        .execute();
    },
  };
}
