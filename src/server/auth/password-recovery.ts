import { normalizeEmail } from "../../common/email.ts";
import { invalidField } from "../http/problem.ts";
import { spendRateLimit } from "../http/rate-limit.ts";
import type { Visitor } from "../kernel/actors.ts";
import type { AppContext } from "../kernel/context.ts";
import type { Tx } from "../kernel/tx.ts";
import { enqueueEmail } from "../mail/outbox.ts";
import { issueToken } from "./auth-tokens.ts";
import { passwordRecoveryEmail } from "./emails.ts";

/** The answer to every recovery request: it must not tell whether the address has an account. */
export const RECOVERY_ACCEPTED =
  "If an account exists for this address, we have sent it a link to set a password. The link is valid for 1 hour.";

/**
 * Before the transaction: the address (400 when it is none) and the rate limits, keyed by the address
 * whether or not it has an account, so a 429 reveals nothing either. Returns the normalised address.
 */
export async function checkPasswordRecovery(
  context: AppContext,
  visitor: Visitor,
  input: { email: string },
  now = new Date(),
): Promise<string> {
  const { config, database } = context;
  const email = normalizeEmail(input.email);
  if (!email) throw invalidField("email", "Enter a valid email address.");
  await spendRateLimit(
    context.rateCounters(database.db),
    `recovery:ip:${visitor.ip}`,
    config.rateLimits.recoveryPerIp,
    now,
  );
  await spendRateLimit(
    context.rateCounters(database.db),
    `recovery:account:${email}`,
    config.rateLimits.recoveryPerAccount,
    now,
  );
  return email;
}

/**
 * "Forgot password?": any account with this address, invited accounts without a password included, gets a
 * set-password link (1 hour). An unknown address gets nothing, and the caller cannot tell the difference.
 */
export async function requestPasswordRecovery(tx: Tx, email: string): Promise<void> {
  const user = await tx.db
    .selectFrom("users")
    .select(["id", "name", "email", "password_hash"])
    .where("email", "=", email)
    .executeTakeFirst();
  if (!user) return;
  const token = await issueToken(tx.db, { purpose: "recovery", userId: user.id }, tx.now);
  const mail = passwordRecoveryEmail(tx.config.appUrl, {
    name: user.name,
    token,
    hasPassword: user.password_hash !== null,
  });
  await enqueueEmail(tx.db, { ...mail, recipient: user.email }, tx.now);
}
