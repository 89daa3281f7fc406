import type { Kysely } from "kysely";
import type { JoinedCompany } from "../../common/wire/auth.ts";
import type { AuthTokensTable, DB } from "../db/types.ts";
import { gone, invalidField } from "../http/problem.ts";
import type { Visitor } from "../kernel/actors.ts";
import type { Tx } from "../kernel/tx.ts";
import { consumeToken, findLiveToken, revokeUserTokens } from "./auth-tokens.ts";
import { companyOfInvitation } from "./inspect-token.ts";
import { proveMailbox } from "./mailbox-proof.ts";
import { createSession, endOtherSessions, endSession } from "./sessions.ts";
import type { SignedIn } from "./sign-up.ts";

export interface SetPasswordInput {
  token: string;
  /** The new password, checked and hashed before the transaction (`hashNewPassword`). */
  passwordHash: string;
}

/** A password set through a link: the new session, and the companies the link made the person join. */
export interface PasswordSetByLink extends SignedIn {
  joined: JoinedCompany[];
}

/**
 * Uses a recovery link, or the invitation link of an account without a password, once: sets the password,
 * which ends every session and every other link of the user, and signs in with a new session (replacing the
 * browser's, possibly of another account). The link proved the mailbox (`proveMailbox`: an account that had
 * never proved it starts again from its address, whatever was planted in it before). Recovery is not
 * consent: pending invitations are accepted by an invitation link, and by recovery only for an account that
 * never had a password (an invitation whose email was lost); an account that had one keeps them pending
 * until it accepts them.
 */
export async function setPassword(
  tx: Tx,
  visitor: Visitor,
  input: SetPasswordInput,
): Promise<PasswordSetByLink> {
  const iso = tx.now.toISOString();
  const token = await consumeToken(tx.db, input.token, tx.now);
  const current = await tx.db
    .selectFrom("users")
    .select(["password_hash", "password_changed_at"])
    .where("id", "=", token.user_id)
    .executeTakeFirstOrThrow();
  // Throwing rolls the transaction back, so a link of another kind sent here stays usable for its own page.
  refuseUnlessPasswordLink(token, current.password_hash !== null);
  await companyOfInvitation(tx.db, token);
  const hadPassword = current.password_hash !== null || current.password_changed_at !== null;
  const { joined } = await proveMailbox(tx, {
    userId: token.user_id,
    link: token.purpose,
    ownSession: visitor.userId === token.user_id,
    acceptInvitations: token.purpose === "invitation" || !hadPassword,
  });
  await tx.db
    .updateTable("users")
    .set({ password_hash: input.passwordHash, password_changed_at: iso, updated_at: iso })
    .where("id", "=", token.user_id)
    .execute();
  await revokeUserTokens(tx.db, token.user_id, tx.now);
  await endOtherSessions(tx.db, token.user_id, null);
  if (visitor.sessionId) await endSession(tx.db, visitor.sessionId);
  const sessionToken = await createSession(tx.db, token.user_id, tx.now);
  const user = await tx.db
    .selectFrom("users")
    .selectAll()
    .where("id", "=", token.user_id)
    .executeTakeFirstOrThrow();
  return { user, sessionToken, joined };
}

/**
 * Only a recovery link, or the invitation of an account that has no password yet, sets a password. An
 * invitation to accept while signed in (`join`, the /invitation link of an account with a password) is not a
 * password: 410, as if it did not exist here, and it stays usable on its own page. A verification link: 400.
 */
function refuseUnlessPasswordLink(link: AuthTokensTable, hasPassword: boolean): void {
  if (link.purpose === "verification") throw invalidField("token", "This link is not a password link.");
  if (link.purpose === "join" || (link.purpose === "invitation" && hasPassword)) throw gone();
}

/** Before the password is hashed: a dead link, or one that is not a password link, is refused (410 or 400). */
export async function checkPasswordLink(db: Kysely<DB>, secret: string, now = new Date()): Promise<void> {
  const link = await findLiveToken(db, secret, now);
  const user = await db
    .selectFrom("users")
    .select("password_hash")
    .where("id", "=", link.user_id)
    .executeTakeFirstOrThrow();
  refuseUnlessPasswordLink(link, user.password_hash !== null);
  await companyOfInvitation(db, link);
}
