import type { Kysely } from "kysely";
import type { DB } from "../db/types.ts";
import type { RequestApiToken } from "../http/request-user.ts";
import { hashSecret } from "./tokens.ts";

/** last_used_at is written at most this often, so a busy integration's reads stay reads. */
const TOUCH_EVERY_MS = 60 * 1000;

/** A company's live API token of this secret (not revoked), its last use noted; null for anything else. */
export async function findApiToken(
  db: Kysely<DB>,
  secret: string,
  now = new Date(),
): Promise<RequestApiToken | null> {
  const row = await db
    .selectFrom("api_tokens")
    .select(["id", "company_id", "role", "created_by", "last_used_at"])
    .where("token_hash", "=", hashSecret(secret))
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  if (!row) return null;
  if (!row.last_used_at || now.getTime() - Date.parse(row.last_used_at) > TOUCH_EVERY_MS) {
    await db
      .updateTable("api_tokens")
      .set({ last_used_at: now.toISOString() })
      .where("id", "=", row.id)
      .execute();
  }
  return { id: row.id, companyId: row.company_id, role: row.role, createdBy: row.created_by };
}
