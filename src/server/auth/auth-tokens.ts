import type { Kysely } from "kysely";
import { EMAIL_CHANGE_CANCEL_DAYS } from "../../common/account.ts";
import { chunks } from "../db/chunks.ts";
import { newId } from "../db/ids.ts";
import type { AuthTokensTable, DB, TokenPurpose } from "../db/types.ts";
import { gone } from "../http/problem.ts";
import { hashSecret, newSecret } from "./tokens.ts";

const TOKEN_TTL_MS: Record<TokenPurpose, number> = {
  verification: 3 * 24 * 3600 * 1000,
  recovery: 3600 * 1000,
  invitation: 7 * 24 * 3600 * 1000,
  join: 7 * 24 * 3600 * 1000,
  "email-change": 3 * 24 * 3600 * 1000,
  "email-change-cancel": EMAIL_CHANGE_CANCEL_DAYS * 24 * 3600 * 1000,
};

export interface IssueTokenInput {
  purpose: TokenPurpose;
  userId: string;
  /** For invitations: the company–contractor relation the link belongs to. */
  contractorId?: string | null;
  /** For the links of a change of address: that change. */
  emailChangeId?: string | null;
}

/**
 * Issues single-use link tokens, one per input in its order, and returns the secrets to put in the emails.
 * Only their hashes are stored. Earlier live tokens of the same purpose and user (and, for an invitation, of
 * the same company–contractor relation) are revoked: each newest link is the only one. A bulk invitation
 * issues a thousand in a few statements.
 */
export async function issueTokens(trx: Kysely<DB>, inputs: IssueTokenInput[], now: Date): Promise<string[]> {
  const iso = now.toISOString();
  for (const purpose of new Set(inputs.map((input) => input.purpose))) {
    const ofPurpose = inputs.filter((input) => input.purpose === purpose);
    const byRelation = ofPurpose.filter((input) => input.contractorId);
    const byChange = ofPurpose.filter((input) => !input.contractorId && input.emailChangeId);
    const byUser = ofPurpose.filter((input) => !input.contractorId && !input.emailChangeId);
    // A relation's tokens all belong to its one user: the relation alone names them. Whatever their purpose
    // (a set-password invitation, or one to accept while signed in), the newest link is the only one.
    for (const part of chunks(byRelation.map((input) => input.contractorId ?? ""))) {
      await revokeLive(trx, iso).where("contractor_id", "in", part).execute();
    }
    // A change of address's links are its own: a newer change never kills an older one's undo link.
    for (const part of chunks(byChange.map((input) => input.emailChangeId ?? ""))) {
      await revokeLive(trx, iso)
        .where("purpose", "=", purpose)
        .where("email_change_id", "in", part)
        .execute();
    }
    for (const part of chunks(byUser.map((input) => input.userId))) {
      await revokeLive(trx, iso).where("purpose", "=", purpose).where("user_id", "in", part).execute();
    }
  }
  const issued = inputs.map((input) => ({ input, secret: newSecret() }));
  for (const part of chunks(issued)) {
    await trx
      .insertInto("auth_tokens")
      .values(
        part.map(({ input, secret }) => ({
          id: newId(now.getTime()),
          token_hash: hashSecret(secret),
          purpose: input.purpose,
          user_id: input.userId,
          contractor_id: input.contractorId ?? null,
          email_change_id: input.emailChangeId ?? null,
          created_at: iso,
          expires_at: new Date(now.getTime() + TOKEN_TTL_MS[input.purpose]).toISOString(),
          used_at: null,
          revoked_at: null,
        })),
      )
      .execute();
  }
  return issued.map(({ secret }) => secret);
}

/** One link token: `issueTokens` of one. */
export async function issueToken(trx: Kysely<DB>, input: IssueTokenInput, now: Date): Promise<string> {
  const [secret] = await issueTokens(trx, [input], now);
  if (!secret) throw new Error("issueToken: no token was issued");
  return secret;
}

/** Revokes tokens still usable (not used, not revoked yet), narrowed further by the caller. */
function revokeLive(trx: Kysely<DB>, iso: string) {
  return trx
    .updateTable("auth_tokens")
    .set({ revoked_at: iso })
    .where("used_at", "is", null)
    .where("revoked_at", "is", null);
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
export async function consumeToken(
  trx: Kysely<DB>,
  secret: string,
  now = new Date(),
): Promise<AuthTokensTable> {
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

/**
 * After a password change every outstanding link of the user dies, but the links that undo a change of
 * address: they belong to the old address's owner, who may be taking the account back from whoever changed it.
 */
export async function revokeUserTokens(trx: Kysely<DB>, userId: string, now: Date): Promise<void> {
  await revokeLive(trx, now.toISOString())
    .where("user_id", "=", userId)
    .where("purpose", "!=", "email-change-cancel")
    .execute();
}

/** Every outstanding link of a company–contractor relation dies (it was answered, or the relation ended). */
export async function revokeRelationTokens(trx: Kysely<DB>, contractorId: string, now: Date): Promise<void> {
  await revokeLive(trx, now.toISOString()).where("contractor_id", "=", contractorId).execute();
}
