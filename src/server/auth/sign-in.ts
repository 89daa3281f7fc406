import { normalizeEmail } from "../../common/email.ts";
import type { UsersTable } from "../db/types.ts";
import { unauthorized } from "../http/problem.ts";
import type { Visitor } from "../kernel/actors.ts";
import type { AppContext } from "../kernel/context.ts";
import type { Tx } from "../kernel/tx.ts";
import { completePasswordStep, type SignInOutcome } from "./open-session.ts";
import { verifyPassword } from "./passwords.ts";
import { endSession } from "./sessions.ts";
import { spendSignInAttempt } from "./sign-in-throttle.ts";

export interface SignInInput {
  email: string;
  password: string;
}

/** One answer for every failure, so a stranger cannot learn which addresses have accounts. */
export const SIGN_IN_FAILED = "The email or password is incorrect.";

/**
 * Before the transaction: the rate limits (they count failures, which roll nothing back) and the password
 * check, which takes tens of milliseconds. Unknown address, wrong password, no password: one 401.
 */
export async function checkCredentials(
  context: AppContext,
  visitor: Visitor,
  input: SignInInput,
  now = new Date(),
): Promise<UsersTable> {
  const { config, database } = context;
  const email = normalizeEmail(input.email);
  // The per-account limits are keyed by the address typed, whether or not an account has it: a 429 says nothing.
  const account = email ?? input.email.trim().toLowerCase();
  const attempt = await spendSignInAttempt(
    database.db,
    context.rateCounters(database.db),
    config,
    { account, ip: visitor.ip },
    now,
  );

  const user = email
    ? await database.db.selectFrom("users").selectAll().where("email", "=", email).executeTakeFirst()
    : undefined;
  // Without an account the password is still checked, against a throwaway hash: failures take equal time.
  const valid = await verifyPassword(user?.password_hash ?? null, input.password);
  if (!user || !valid) throw unauthorized(SIGN_IN_FAILED);
  await attempt.succeeded();
  return user;
}

/**
 * A user whose credentials were checked: the browser's old session ends, and a new one opens, or the
 * sign-in waits for its second step (`completePasswordStep`). A remembered device skips that step.
 */
export async function signIn(
  tx: Tx,
  visitor: Visitor,
  user: UsersTable,
  deviceToken: string | null = null,
): Promise<SignInOutcome> {
  if (visitor.sessionId) await endSession(tx.db, visitor.sessionId);
  return completePasswordStep(tx, visitor, user, { deviceToken, way: "password" });
}
