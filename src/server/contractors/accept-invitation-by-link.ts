import type { AcceptedInvitation } from "../../common/wire/contractors.ts";
import { consumeToken, findLiveToken } from "../auth/auth-tokens.ts";
import { proveMailbox } from "../auth/mailbox-proof.ts";
import type { UsersTable } from "../db/types.ts";
import { forbidden, gone } from "../http/problem.ts";
import type { Tx } from "../kernel/tx.ts";
import { acceptRelation } from "./acceptance.ts";

/**
 * Accepting through the emailed link (proof of the mailbox), signed in as the invited account. Signed in
 * as anyone else: 403 and the link stays usable, so the right person can still open it.
 */
export async function acceptInvitationByLink(
  tx: Tx,
  user: UsersTable,
  input: { token: string },
): Promise<AcceptedInvitation> {
  const token = await findLiveToken(tx.db, input.token, tx.now);
  // Only the link made to accept while signed in: a set-password link is not accepted here.
  if (token.purpose !== "join" || !token.contractor_id) throw gone();
  if (token.user_id !== user.id) {
    throw forbidden(
      "This invitation was sent to another email address. Sign out, then open the link again and sign in with the address that received it.",
    );
  }
  const relation = await tx.db
    .selectFrom("contractors")
    .select(["id", "status"])
    .where("id", "=", token.contractor_id)
    .executeTakeFirst();
  if (!relation || relation.status === "removed") throw gone();
  await consumeToken(tx.db, input.token, tx.now);
  // Signed in as the account and holding the link: the mailbox is proven by the one who holds the password.
  await proveMailbox(tx, {
    userId: user.id,
    link: token.purpose,
    ownSession: true,
    acceptInvitations: false,
  });
  return acceptRelation(tx, user.id, relation.id);
}
