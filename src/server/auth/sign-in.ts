import { normalizeEmail } from "../../common/email.ts";
import { unauthorized } from "../http/problem.ts";
import { spendRateLimit } from "../http/rate-limit.ts";
import type { AppContext } from "../kernel/context.ts";
import { verifyPassword } from "./passwords.ts";
import { createSession, endSession } from "./sessions.ts";
import type { SignedIn } from "./sign-up.ts";

export interface SignInInput {
  email: string;
  password: string;
  ip: string;
  /** The session the browser already had, if any: replaced, never reused (no session fixation). */
  currentSessionId: string | null;
}

/** One answer for every failure, so a stranger cannot learn which addresses have accounts. */
export const SIGN_IN_FAILED = "The email or password is incorrect.";

/** Checks the password and opens a new session. Unknown address, wrong password, no password: one 401. */
export async function signIn(context: AppContext, input: SignInInput, now = new Date()): Promise<SignedIn> {
  const { config, database } = context;
  const email = normalizeEmail(input.email);
  // The per-account limit is keyed by the address typed, whether or not an account has it: a 429 says nothing.
  const accountKey = email ?? input.email.trim().toLowerCase();
  await spendRateLimit(database.db, `sign-in:ip:${input.ip}`, config.rateLimits.signInPerIp, now);
  await spendRateLimit(database.db, `sign-in:account:${accountKey}`, config.rateLimits.signInPerAccount, now);

  const user = email
    ? await database.db.selectFrom("users").selectAll().where("email", "=", email).executeTakeFirst()
    : undefined;
  // Without an account the password is still checked, against a throwaway hash: failures take equal time.
  const valid = await verifyPassword(user?.password_hash ?? null, input.password);
  if (!user || !valid) throw unauthorized(SIGN_IN_FAILED);

  const sessionToken = await database.db.transaction().execute(async (trx) => {
    if (input.currentSessionId) await endSession(trx, input.currentSessionId);
    return createSession(trx, user.id, now);
  });
  return { user, sessionToken };
}
