import type { Kysely } from "kysely";
import { hashSecret, newSecret } from "../auth/tokens.ts";
import { newId } from "../db/ids.ts";
import type { DB, SupportGuestTokenKind } from "../db/types.ts";

/** How long a visitor's browser keeps its conversation, and how long an emailed link can be opened. */
export const GUEST_TOKEN_TTL_MS: Record<SupportGuestTokenKind, number> = {
  cookie: 30 * 24 * 3600 * 1000,
  link: 30 * 24 * 3600 * 1000,
};

/**
 * A visitor has no account: what proves a conversation is theirs is a random secret, in their browser's
 * httpOnly cookie or in a link emailed to the address they gave. Only its SHA-256 is stored, so any node
 * can check it and a database leak hands out no conversation.
 */
export async function issueGuestToken(
  db: Kysely<DB>,
  conversationId: string,
  kind: SupportGuestTokenKind,
  now: Date,
): Promise<string> {
  const secret = newSecret();
  await db
    .insertInto("support_guest_tokens")
    .values({
      id: newId(now.getTime()),
      conversation_id: conversationId,
      token_hash: hashSecret(secret),
      kind,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + GUEST_TOKEN_TTL_MS[kind]).toISOString(),
      used_at: null,
    })
    .execute();
  return secret;
}

/** The live token of this kind with this secret, or undefined (unknown, expired, or of the other kind). */
export async function findGuestToken(db: Kysely<DB>, secret: string, kind: SupportGuestTokenKind, now: Date) {
  const row = await db
    .selectFrom("support_guest_tokens")
    .selectAll()
    .where("token_hash", "=", hashSecret(secret))
    .where("kind", "=", kind)
    .executeTakeFirst();
  if (!row || Date.parse(row.expires_at) <= now.getTime()) return undefined;
  return row;
}
