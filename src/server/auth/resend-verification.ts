import { spendRateLimit } from "../http/rate-limit.ts";
import type { AppContext } from "../kernel/context.ts";
import { enqueueEmail } from "../mail/outbox.ts";
import { emailVerificationEmail, TEMPLATE } from "../mail/templates.ts";
import { issueToken } from "./auth-tokens.ts";

/** A few new confirmation links an hour are plenty; more would make the app a mail cannon. */
export const VERIFICATION_RESENDS_PER_HOUR = 5;

/**
 * "Send the link again": a new email-confirmation link for the signed-in user, whose older links die.
 * Nothing is sent once the address is confirmed.
 */
export async function resendVerificationEmail(
  context: AppContext,
  userId: string,
  now = new Date(),
): Promise<void> {
  const { config, database } = context;
  await spendRateLimit(
    database.db,
    `verification:user:${userId}`,
    { max: VERIFICATION_RESENDS_PER_HOUR, windowSeconds: 3600 },
    now,
  );
  await database.db.transaction().execute(async (trx) => {
    const user = await trx
      .selectFrom("users")
      .select(["id", "name", "email", "email_verified_at"])
      .where("id", "=", userId)
      .executeTakeFirstOrThrow();
    if (user.email_verified_at) return;
    const token = await issueToken(trx, { purpose: "verification", userId }, now);
    const mail = emailVerificationEmail({ appUrl: config.appUrl, name: user.name, token });
    await enqueueEmail(trx, { recipient: user.email, template: TEMPLATE.emailVerification, ...mail }, now);
  });
}
