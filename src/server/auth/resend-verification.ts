import type { UsersTable } from "../db/types.ts";
import { spendRateLimit } from "../http/rate-limit.ts";
import type { AppContext } from "../kernel/context.ts";
import type { Tx } from "../kernel/tx.ts";
import { enqueueEmail } from "../mail/outbox.ts";
import { issueToken } from "./auth-tokens.ts";
import { emailVerificationEmail } from "./emails.ts";

/** A few new confirmation links an hour are plenty; more would make the app a mail cannon. */
export const VERIFICATION_RESENDS_PER_HOUR = 5;

/** Before the transaction: the hourly limit, counted whatever happens next. */
export async function checkVerificationResend(
  context: AppContext,
  user: UsersTable,
  now = new Date(),
): Promise<void> {
  await spendRateLimit(
    context.rateCounters(context.database.db),
    `verification:user:${user.id}`,
    { max: VERIFICATION_RESENDS_PER_HOUR, windowSeconds: 3600 },
    now,
  );
}

/**
 * "Send the link again": a new email-confirmation link for the signed-in user, whose older links die.
 * Nothing is sent once the address is confirmed.
 */
export async function resendVerificationEmail(tx: Tx, user: UsersTable): Promise<void> {
  const current = await tx.db
    .selectFrom("users")
    .select(["id", "name", "email", "email_verified_at"])
    .where("id", "=", user.id)
    .executeTakeFirstOrThrow();
  if (current.email_verified_at) return;
  const token = await issueToken(tx.db, { purpose: "verification", userId: current.id }, tx.now);
  const mail = emailVerificationEmail(tx.config.appUrl, { name: current.name, token });
  await enqueueEmail(tx.db, { ...mail, recipient: current.email }, tx.now);
}
