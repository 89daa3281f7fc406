import { endOtherSessions } from "../auth/sessions.ts";
import { notFound } from "../http/problem.ts";
import type { RequestSession } from "../http/request-user.ts";
import type { Visitor } from "../kernel/actors.ts";
import type { Tx } from "../kernel/tx.ts";
import { recordSecurityEvent } from "./history.ts";

/** Signs out one of the person's devices; another person's session is a 404. */
export async function endOwnSession(
  tx: Tx,
  session: RequestSession,
  visitor: Visitor,
  sessionId: string,
): Promise<void> {
  const result = await tx.db
    .deleteFrom("sessions")
    .where("id", "=", sessionId)
    .where("user_id", "=", session.user.id)
    .executeTakeFirst();
  if (Number(result.numDeletedRows) !== 1) throw notFound("Session");
  await recordSecurityEvent(tx, session.user.id, { kind: "session-ended", visitor, notify: true });
}

/** Signs out every device but this one. */
export async function endOwnOtherSessions(tx: Tx, session: RequestSession, visitor: Visitor): Promise<void> {
  await endOtherSessions(tx.db, session.user.id, session.sessionId);
  await recordSecurityEvent(tx, session.user.id, { kind: "sessions-ended", visitor, notify: true });
}
