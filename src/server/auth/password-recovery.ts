import { normalizeEmail } from "../../common/email.ts";
import { invalidField } from "../http/problem.ts";
import { spendRateLimit } from "../http/rate-limit.ts";
import type { AppContext } from "../kernel/context.ts";
import { enqueueEmail } from "../mail/outbox.ts";
import { passwordRecoveryEmail, TEMPLATE } from "../mail/templates.ts";
import { issueToken } from "./auth-tokens.ts";

export interface PasswordRecoveryInput {
  email: string;
  ip: string;
}

/** The answer to every recovery request: it must not tell whether the address has an account. */
export const RECOVERY_ACCEPTED =
  "If an account exists for this address, we have sent it a link to set a password. The link is valid for 1 hour.";

/**
 * "Forgot password?": any account with this address, invited accounts without a password included, gets a
 * set-password link (1 hour). An unknown address gets nothing, and the caller cannot tell the difference.
 */
export async function requestPasswordRecovery(
  context: AppContext,
  input: PasswordRecoveryInput,
  now = new Date(),
): Promise<void> {
  const { config, database } = context;
  const email = normalizeEmail(input.email);
  if (!email) throw invalidField("email", "Enter a valid email address.");
  await spendRateLimit(database.db, `recovery:ip:${input.ip}`, config.rateLimits.recoveryPerIp, now);
  // Keyed by the address whether or not it has an account, so a 429 reveals nothing either.
  await spendRateLimit(database.db, `recovery:account:${email}`, config.rateLimits.recoveryPerAccount, now);

  await database.db.transaction().execute(async (trx) => {
    const user = await trx
      .selectFrom("users")
      .select(["id", "name", "email", "password_hash"])
      .where("email", "=", email)
      .executeTakeFirst();
    if (!user) return;
    const token = await issueToken(trx, { purpose: "recovery", userId: user.id }, now);
    const mail = passwordRecoveryEmail({
      appUrl: config.appUrl,
      name: user.name,
      token,
      hasPassword: user.password_hash !== null,
    });
    await enqueueEmail(trx, { recipient: user.email, template: TEMPLATE.passwordRecovery, ...mail }, now);
  });
}
