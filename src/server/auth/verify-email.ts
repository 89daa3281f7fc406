import type { UsersTable } from "../db/types.ts";
import { invalidField } from "../http/problem.ts";
import type { Tx } from "../kernel/tx.ts";
import { consumeToken } from "./auth-tokens.ts";

/** Uses a verification link once: the address is proven to belong to the account. */
export async function verifyEmail(tx: Tx, input: { token: string }): Promise<UsersTable> {
  const token = await consumeToken(tx.db, input.token, tx.now);
  // Rolled back: another kind of link sent here stays usable for its own page.
  if (token.purpose !== "verification")
    throw invalidField("token", "This link is not an email confirmation link.");
  const iso = tx.now.toISOString();
  await tx.db
    .updateTable("users")
    .set({ email_verified_at: iso, updated_at: iso })
    .where("id", "=", token.user_id)
    .where("email_verified_at", "is", null)
    .execute();
  return tx.db.selectFrom("users").selectAll().where("id", "=", token.user_id).executeTakeFirstOrThrow();
}
