import { acceptPendingInvitations, publishContractorUpdates } from "../contractors/acceptance.ts";
import { invalidField } from "../http/problem.ts";
import type { AppContext } from "../kernel/context.ts";
import { revokeUserTokens, useToken } from "./auth-tokens.ts";
import { companyOfInvitation } from "./inspect-token.ts";
import { checkPasswordRules, hashPassword } from "./passwords.ts";
import { createSession, endOtherSessions, endSession } from "./sessions.ts";
import type { SignedIn } from "./sign-up.ts";

export interface SetPasswordInput {
  token: string;
  password: string;
  /** The browser's current session, possibly of another account: replaced by the new one. */
  currentSessionId: string | null;
}

/**
 * Uses a recovery or invitation link once: sets the password, which ends every session and every other
 * link of the user, and signs in with a new session. The link proved the mailbox, so the email counts as
 * verified and pending invitations are accepted (not those the company removed).
 */
export async function setPassword(
  context: AppContext,
  input: SetPasswordInput,
  now = new Date(),
): Promise<SignedIn> {
  const { database } = context;
  // Checked before the link is touched: a refused password leaves the link usable.
  const passwordProblem = checkPasswordRules(input.password);
  if (passwordProblem) throw invalidField("password", passwordProblem);
  const passwordHash = await hashPassword(input.password);
  const iso = now.toISOString();

  const { signedIn, accepted } = await database.db.transaction().execute(async (trx) => {
    const token = await useToken(trx, input.token, now);
    // Throwing rolls the transaction back, so a verification link sent here by mistake stays usable.
    if (token.purpose === "verification") throw invalidField("token", "This link is not a password link.");
    await companyOfInvitation(trx, token);
    const current = await trx
      .selectFrom("users")
      .select("email_verified_at")
      .where("id", "=", token.user_id)
      .executeTakeFirstOrThrow();
    await trx
      .updateTable("users")
      .set({
        password_hash: passwordHash,
        password_changed_at: iso,
        email_verified_at: current.email_verified_at ?? iso,
        updated_at: iso,
      })
      .where("id", "=", token.user_id)
      .execute();
    await revokeUserTokens(trx, token.user_id, now);
    await endOtherSessions(trx, token.user_id, null);
    if (input.currentSessionId) await endSession(trx, input.currentSessionId);
    const sessionToken = await createSession(trx, token.user_id, now);
    const accepted = await acceptPendingInvitations(trx, token.user_id, now);
    const user = await trx
      .selectFrom("users")
      .selectAll()
      .where("id", "=", token.user_id)
      .executeTakeFirstOrThrow();
    return { signedIn: { user, sessionToken }, accepted };
  });
  await publishContractorUpdates(context, accepted);
  return signedIn;
}
