import type { Kysely } from "kysely";
import { newId } from "../db/ids.ts";
import type { AuthTokensTable, DB, TokenPurpose } from "../db/types.ts";
import { gone } from "../http/problem.ts";
import { hashSecret, newSecret } from "./tokens.ts";

export const TOKEN_TTL_MS: Record<TokenPurpose, number> = {
  verification: 3 * 24 * 3600 * 1000,
  recovery: 3600 * 1000,
  invitation: 7 * 24 * 3600 * 1000,
};

export interface IssueTokenInput {
  purpose: TokenPurpose;
  userId: string;
  /** For invitations: the company–contractor relation the link belongs to. */
  contractorId?: string | null;
}

/**
 * Issues a single-use link token and returns the secret to put in the email. Only its hash is stored.
 * Earlier live tokens of the same purpose (and relation) are revoked: the newest link is the only one.
 */
export async function issueToken(trx: Kysely<DB>, input: IssueTokenInput, now = new Date()): Promise<string> {
  const secret = newSecret();
  const iso = now.toISOString();
  let revoke = trx
    .updateTable("auth_tokens")
    .set({ revoked_at: iso })
    .where("user_id", "=", input.userId)
    .where("purpose", "=", input.purpose)
    .where("used_at", "is", null)
    .where("revoked_at", "is", null);
  if (input.contractorId) revoke = revoke.where("contractor_id", "=", input.contractorId);
  await revoke.execute();
  await trx
    .insertInto("auth_tokens")
    .values({
      id: newId(now.getTime()),
      token_hash: hashSecret(secret),
      purpose: input.purpose,
      user_id: input.userId,
      contractor_id: input.contractorId ?? null,
      created_at: iso,
      expires_at: new Date(now.getTime() + TOKEN_TTL_MS[input.purpose]).toISOString(),
      used_at: null,
      revoked_at: null,
    })
    .execute();
  return secret;
}

/** A token that can still be used, or 410. Reading never changes it. */
export async function findLiveToken(
  db: Kysely<DB>,
  secret: string,
  now = new Date(),
): Promise<AuthTokensTable> {
  const row = await db
    .selectFrom("auth_tokens")
    .selectAll()
    .where("token_hash", "=", hashSecret(secret))
    .executeTakeFirst();
  if (!row || row.used_at || row.revoked_at || Date.parse(row.expires_at) <= now.getTime()) throw gone();
  return row;
}

/**
 * Marks the token used inside the caller's transaction. The conditional update makes a race between
 * two submissions of one link end with exactly one winner; the other gets 410.
 */
export async function useToken(trx: Kysely<DB>, secret: string, now = new Date()): Promise<AuthTokensTable> {
  const row = await findLiveToken(trx, secret, now);
  const result = await trx
    .updateTable("auth_tokens")
    .set({ used_at: now.toISOString() })
    .where("id", "=", row.id)
    .where("used_at", "is", null)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw gone();
  return row;
}

/** After a password change every outstanding link of the user dies. */
export async function revokeUserTokens(trx: Kysely<DB>, userId: string, now = new Date()): Promise<void> {
  await trx
    .updateTable("auth_tokens")
    .set({ revoked_at: now.toISOString() })
    .where("user_id", "=", userId)
    .where("used_at", "is", null)
    .where("revoked_at", "is", null)
    .execute();
}
