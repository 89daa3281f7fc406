import type { Kysely } from "kysely";
import type { JoinedCompany } from "../../common/wire/auth.ts";
import type { AuthTokensTable, DB } from "../db/types.ts";
import { gone, invalidField } from "../http/problem.ts";
import type { Visitor } from "../kernel/actors.ts";
import type { Tx } from "../kernel/tx.ts";
import { consumeToken, findLiveToken, revokeUserTokens } from "./auth-tokens.ts";
import { companyOfInvitation } from "./inspect-token.ts";
import { proveMailbox } from "./mailbox-proof.ts";
import { completePasswordStep, type SignInOutcome } from "./open-session.ts";
import { endOtherSessions, endSession } from "./sessions.ts";

export interface SetPasswordInput {
  token: string;
  /** The new password, checked and hashed before the transaction (`hashNewPassword`). */
  passwordHash: string;
}

/**
 * A password set through a link: the new session (or the sign-in waiting for its second step: a recovery
 * link never skips it), and the companies the link made the person join.
 */
export type PasswordSetByLink = SignInOutcome & { joined: JoinedCompany[] };

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
  await tx.hooks.run(tx, "password.changed", { userId: token.user_id, visitor, way: "link" });
  const user = await tx.db
    .selectFrom("users")
    .selectAll()
    .where("id", "=", token.user_id)
    .executeTakeFirstOrThrow();
  // The link proves the mailbox, not the second step: a person who has one is still asked for it.
  const outcome = await completePasswordStep(tx, visitor, user, { deviceToken: null, way: "link" });
  return { ...outcome, joined };
}

/**
 * Only a recovery link, or the invitation of an account that has no password yet, sets a password. An
 * invitation to accept while signed in (`join`, the /invitation link of an account with a password) is not a
 * password: 410, as if it did not exist here, and it stays usable on its own page. Any other link (a
 * confirmation, a change of address): 400.
 */
function refuseUnlessPasswordLink(link: AuthTokensTable, hasPassword: boolean): void {
  if (link.purpose !== "recovery" && link.purpose !== "invitation" && link.purpose !== "join")
    throw invalidField("token", "This link is not a password link.");
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
