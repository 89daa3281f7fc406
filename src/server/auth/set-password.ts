import type { Kysely } from "kysely";
import type { DB } from "../db/types.ts";
import { invalidField } from "../http/problem.ts";
import type { Visitor } from "../kernel/actors.ts";
import type { Tx } from "../kernel/tx.ts";
import { consumeToken, findLiveToken, revokeUserTokens } from "./auth-tokens.ts";
import { companyOfInvitation } from "./inspect-token.ts";
import { createSession, endOtherSessions, endSession } from "./sessions.ts";
import type { SignedIn } from "./sign-up.ts";

export interface SetPasswordInput {
  token: string;
  /** The new password, checked and hashed before the transaction (`hashNewPassword`). */
  passwordHash: string;
}

/**
 * Uses a recovery or invitation link once: sets the password, which ends every session and every other
 * link of the user, and signs in with a new session (replacing the browser's, possibly of another account).
 * The link proved the mailbox, so the email counts as verified and the `mailbox.proven` hook runs (the
 * contractors feature accepts the pending invitations the company did not remove).
 */
export async function setPassword(tx: Tx, visitor: Visitor, input: SetPasswordInput): Promise<SignedIn> {
  const iso = tx.now.toISOString();
  const token = await consumeToken(tx.db, input.token, tx.now);
  // Throwing rolls the transaction back, so a verification link sent here by mistake stays usable.
  if (token.purpose === "verification") throw invalidField("token", "This link is not a password link.");
  await companyOfInvitation(tx.db, token);
  const current = await tx.db
    .selectFrom("users")
    .select("email_verified_at")
    .where("id", "=", token.user_id)
    .executeTakeFirstOrThrow();
  await tx.db
    .updateTable("users")
    .set({
      password_hash: input.passwordHash,
      password_changed_at: iso,
      email_verified_at: current.email_verified_at ?? iso,
      updated_at: iso,
    })
    .where("id", "=", token.user_id)
    .execute();
  await revokeUserTokens(tx.db, token.user_id, tx.now);
  await endOtherSessions(tx.db, token.user_id, null);
  if (visitor.sessionId) await endSession(tx.db, visitor.sessionId);
  const sessionToken = await createSession(tx.db, token.user_id, tx.now);
  await tx.hooks.run(tx, "mailbox.proven", { userId: token.user_id, link: token.purpose });
  const user = await tx.db
    .selectFrom("users")
    .selectAll()
    .where("id", "=", token.user_id)
    .executeTakeFirstOrThrow();
  return { user, sessionToken };
}

/** Before the password is hashed: a dead link, or one that is not a password link, is refused (410 or 400). */
export async function checkPasswordLink(db: Kysely<DB>, secret: string, now = new Date()): Promise<void> {
  const link = await findLiveToken(db, secret, now);
  if (link.purpose === "verification") throw invalidField("token", "This link is not a password link.");
  await companyOfInvitation(db, link);
}
