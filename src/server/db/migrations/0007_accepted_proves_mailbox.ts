import { type Kysely, sql } from "kysely";
import type { Dialect } from "../connection.ts";

/**
 * Accepting an invitation from its emailed link proves the mailbox: accounts that accepted one before this
 * was recorded count as verified since then, so that a later recovery link does not take them for an
 * account anyone could have filled (see auth's proveMailbox).
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await sql`
    update users set email_verified_at = (
      select min(c.accepted_at) from contractors c where c.user_id = users.id and c.accepted_at is not null
    )
    where email_verified_at is null
      and exists (select 1 from contractors c where c.user_id = users.id and c.accepted_at is not null)`.execute(
    db,
  );
}
