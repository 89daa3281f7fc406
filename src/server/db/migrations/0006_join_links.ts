import { type Kysely, sql } from "kysely";
import type { Dialect } from "../connection.ts";

/**
 * An invitation link of an account that has a password only accepts the invitation, signed in: it gets its
 * own purpose, `join`, so that the set-password route never takes it. Live links made before are moved over.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await sql`
    update auth_tokens set purpose = 'join'
    where purpose = 'invitation' and used_at is null and revoked_at is null
      and user_id in (select id from users where password_hash is not null)`.execute(db);
}
