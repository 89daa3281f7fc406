import type { Kysely } from "kysely";
import type { DB, UsersTable } from "../db/types.ts";
import { invalidField } from "../http/problem.ts";
import { useToken } from "./auth-tokens.ts";

/** Uses a verification link once: the address is proven to belong to the account. */
export async function verifyEmail(db: Kysely<DB>, secret: string, now = new Date()): Promise<UsersTable> {
  return db.transaction().execute(async (trx) => {
    const token = await useToken(trx, secret, now);
    // Rolled back: another kind of link sent here stays usable for its own page.
    if (token.purpose !== "verification")
      throw invalidField("token", "This link is not an email confirmation link.");
    await trx
      .updateTable("users")
      .set({ email_verified_at: now.toISOString(), updated_at: now.toISOString() })
      .where("id", "=", token.user_id)
      .where("email_verified_at", "is", null)
      .execute();
    return trx.selectFrom("users").selectAll().where("id", "=", token.user_id).executeTakeFirstOrThrow();
  });
}
