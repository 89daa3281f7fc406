import { verifyPassword } from "../auth/passwords.ts";
import type { UsersTable } from "../db/types.ts";
import { invalidField } from "../http/problem.ts";
import { spendRateLimit } from "../http/rate-limit.ts";
import type { AppContext } from "../kernel/context.ts";

export const WRONG_PASSWORD = "This is not your current password.";

/**
 * Before a change of the account's security (password, address, second step, deletion): the person types
 * their current password again, so a session left open is not enough. Counted per account (429 past it).
 */
export async function checkCurrentPassword(
  context: AppContext,
  user: UsersTable,
  password: string,
  now = new Date(),
): Promise<void> {
  await spendRateLimit(
    context.rateCounters(context.database.db),
    `account-password:user:${user.id}`,
    context.config.rateLimits.accountPasswordPerUser,
    now,
  );
  if (!password) throw invalidField("currentPassword", "Enter your current password.");
  if (!(await verifyPassword(user.password_hash, password)))
    throw invalidField("currentPassword", WRONG_PASSWORD);
}
