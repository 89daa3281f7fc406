import { issueToken, revokeUserTokens } from "../auth/auth-tokens.ts";
import { endOtherSessions } from "../auth/sessions.ts";
import type { RequestSession } from "../http/request-user.ts";
import type { Visitor } from "../kernel/actors.ts";
import type { Tx } from "../kernel/tx.ts";
import { enqueueEmail } from "../mail/outbox.ts";
import { passwordChangedEmail } from "./emails.ts";
import { recordSecurityEvent } from "./history.ts";
import { forgetAllDevices } from "./remembered-devices.ts";

/**
 * The signed-in person changes their password (the current one was checked, the new one hashed, before the
 * transaction). Every other session ends, every emailed link dies, remembered devices are forgotten, and an
 * email tells them, with a recovery link in case it was not them.
 */
export async function changePassword(
  tx: Tx,
  session: RequestSession,
  visitor: Visitor,
  passwordHash: string,
): Promise<void> {
  const userId = session.user.id;
  const iso = tx.now.toISOString();
  await tx.db
    .updateTable("users")
    .set({ password_hash: passwordHash, password_changed_at: iso, updated_at: iso })
    .where("id", "=", userId)
    .execute();
  await endOtherSessions(tx.db, userId, session.sessionId);
  await revokeUserTokens(tx.db, userId, tx.now);
  await forgetAllDevices(tx, userId);
  await recordSecurityEvent(tx, userId, { kind: "password-changed", visitor });
  const recoveryToken = await issueToken(tx.db, { purpose: "recovery", userId }, tx.now);
  const mail = passwordChangedEmail(tx.config.appUrl, { name: session.user.name, at: tx.now, recoveryToken });
  await enqueueEmail(tx.db, { ...mail, recipient: session.user.email }, tx.now);
}
