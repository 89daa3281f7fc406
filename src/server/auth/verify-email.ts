import type { UsersTable } from "../db/types.ts";
import { invalidField } from "../http/problem.ts";
import type { Visitor } from "../kernel/actors.ts";
import type { Tx } from "../kernel/tx.ts";
import { consumeToken } from "./auth-tokens.ts";
import { proveMailbox } from "./mailbox-proof.ts";

export interface EmailVerified {
  user: UsersTable;
  /** The account had never proved its address and was confirmed from outside its sessions: it was reset. */
  reset: boolean;
}

/**
 * Uses a verification link once: the address is proven to belong to the account. Confirmed in a browser
 * signed in to the account, what the account holds stays (whoever confirms also holds its password).
 * Confirmed anywhere else, the account starts again from its address (`proveMailbox`): its name, password,
 * sessions and required information are gone, and its owner chooses a password with Forgot password?.
 */
export async function verifyEmail(
  tx: Tx,
  visitor: Visitor,
  input: { token: string },
): Promise<EmailVerified> {
  const token = await consumeToken(tx.db, input.token, tx.now);
  // Rolled back: another kind of link sent here stays usable for its own page.
  if (token.purpose !== "verification")
    throw invalidField("token", "This link is not an email confirmation link.");
  const { reset } = await proveMailbox(tx, {
    userId: token.user_id,
    link: token.purpose,
    ownSession: visitor.userId === token.user_id,
    acceptInvitations: false,
  });
  const user = await tx.db
    .selectFrom("users")
    .selectAll()
    .where("id", "=", token.user_id)
    .executeTakeFirstOrThrow();
  return { user, reset };
}
