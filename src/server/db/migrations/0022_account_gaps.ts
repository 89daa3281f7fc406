import { type Kysely, sql } from "kysely";
import { secretsKeyFrom } from "../../config.ts";
import { isSealed, seal } from "../../kernel/sealed.ts";
import type { Dialect } from "../connection.ts";

/**
 * A company its owner deleted is closed (`closed_at`): its members and contractors lost it, its tasks and
 * money records stay for the books. Authenticator keys written before they were sealed are sealed here with
 * SECRETS_KEY (the development key outside production); without a key the app seals each at its next use.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const time = dialect === "postgres" ? "timestamptz" : "text";
  await db.schema.alterTable("companies").addColumn("closed_at", time).execute();

  const key = secretsKeyFrom(process.env);
  if (key) await sealOldSecrets(db, key);
}

/** Seals every authenticator key still stored as plaintext; answers how many. */
export async function sealOldSecrets(db: Kysely<unknown>, key: Buffer): Promise<number> {
  let sealedCount = 0;
  const rows = await sql<{
    user_id: string;
    secret: string;
  }>`select user_id, secret from two_step_secrets`.execute(db);
  for (const row of rows.rows) {
    if (isSealed(row.secret)) continue;
    const sealed = seal(key, row.secret, `two_step_secrets:${row.user_id}`);
    await sql`update two_step_secrets set secret = ${sealed} where user_id = ${row.user_id}`.execute(db);
    sealedCount += 1;
  }
  return sealedCount;
}
