import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import { cleanCode, RECOVERY_CODE_COUNT } from "../../common/account.ts";
import { hashSecret } from "../auth/tokens.ts";
import { newId } from "../db/ids.ts";
import type { DB } from "../db/types.ts";
import { invalidField } from "../http/problem.ts";
import { spendRateLimit } from "../http/rate-limit.ts";
import type { AppContext } from "../kernel/context.ts";
import { isSealed, seal, unseal } from "../kernel/sealed.ts";
import type { Tx } from "../kernel/tx.ts";
import { base32Encode, matchTotp } from "./totp.ts";

/** A second-step code that matched: an authenticator's step, or one recovery code. */
export type SecondFactorMatch = { method: "totp"; step: number } | { method: "recovery"; codeId: string };

export const WRONG_CODE =
  "This code is not right. Enter the code your authenticator app shows now, or a recovery code.";

/** The person has a confirmed authenticator: sign-in asks for the second step. */
export async function hasSecondStep(db: Kysely<DB>, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom("two_step_secrets")
    .select("user_id")
    .where("user_id", "=", userId)
    .where("confirmed_at", "is not", null)
    .executeTakeFirst();
  return row !== undefined;
}

/** What an authenticator's key is bound to when sealed: its row. */
const boundTo = (userId: string) => `two_step_secrets:${userId}`;

/** An authenticator's key as stored: sealed with SECRETS_KEY (never plaintext). */
export const sealTotpSecret = (key: Buffer, userId: string, secret: string) =>
  seal(key, secret, boundTo(userId));

/** An authenticator's key as the stored value holds it (sealed, or a row from before sealing). */
export const openTotpSecret = (key: Buffer, userId: string, stored: string) =>
  unseal(key, stored, boundTo(userId));

/**
 * A row written before secrets were sealed is sealed at its first use (a code checked against it): from then
 * on the database holds no plaintext key for this person.
 */
export async function sealStoredSecret(tx: Tx, userId: string): Promise<void> {
  const row = await tx.db
    .selectFrom("two_step_secrets")
    .select("secret")
    .where("user_id", "=", userId)
    .executeTakeFirst();
  if (!row || isSealed(row.secret)) return;
  await tx.db
    .updateTable("two_step_secrets")
    .set({ secret: sealTotpSecret(tx.config.secretsKey, userId, row.secret) })
    .where("user_id", "=", userId)
    .where("secret", "=", row.secret)
    .execute();
}

/** A recovery code is stored as the SHA-256 of its letters, grouping and case aside. */
const hashRecoveryCode = (code: string) => hashSecret(`recovery:${cleanCode(code)}`);

/**
 * Which of the person's factors a typed code is: an authenticator code (six digits, this step or one either
 * side, never a step already used) or an unused recovery code. Only reads; `claimSecondFactor` spends it.
 */
export async function matchSecondFactor(
  db: Kysely<DB>,
  secretsKey: Buffer,
  userId: string,
  typed: string,
  now: Date,
): Promise<SecondFactorMatch | null> {
  const code = cleanCode(typed);
  const secret = await db
    .selectFrom("two_step_secrets")
    .select(["secret", "last_used_step"])
    .where("user_id", "=", userId)
    .where("confirmed_at", "is not", null)
    .executeTakeFirst();
  if (!secret) return null;
  if (/^\d{6}$/.test(code)) {
    const step = matchTotp(
      openTotpSecret(secretsKey, userId, secret.secret),
      code,
      now,
      secret.last_used_step === null ? null : Number(secret.last_used_step),
    );
    return step === null ? null : { method: "totp", step };
  }
  const recovery = await db
    .selectFrom("recovery_codes")
    .select("id")
    .where("user_id", "=", userId)
    .where("code_hash", "=", hashRecoveryCode(code))
    .where("used_at", "is", null)
    .executeTakeFirst();
  return recovery ? { method: "recovery", codeId: recovery.id } : null;
}

/**
 * Spends a matched code inside the caller's transaction. The conditional updates make two requests with one
 * code end with one winner: the loser's code is wrong (400).
 */
export async function claimSecondFactor(tx: Tx, userId: string, match: SecondFactorMatch): Promise<void> {
  const result =
    match.method === "totp"
      ? await tx.db
          .updateTable("two_step_secrets")
          .set({ last_used_step: match.step })
          .where("user_id", "=", userId)
          .where((eb) => eb.or([eb("last_used_step", "is", null), eb("last_used_step", "<", match.step)]))
          .executeTakeFirst()
      : await tx.db
          .updateTable("recovery_codes")
          .set({ used_at: tx.now.toISOString() })
          .where("id", "=", match.codeId)
          .where("used_at", "is", null)
          .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw invalidField("code", WRONG_CODE);
  await sealStoredSecret(tx, userId);
}

/**
 * Before a transaction that needs the second step (turning it off, deleting the account): the rate limit,
 * then the code, or 400 naming the code field.
 */
export async function checkSecondFactor(
  context: AppContext,
  userId: string,
  typed: string | undefined,
  now = new Date(),
): Promise<SecondFactorMatch> {
  await spendRateLimit(
    context.rateCounters(context.database.db),
    `second-step:user:${userId}`,
    context.config.rateLimits.secondStepPerUser,
    now,
  );
  if (!typed?.trim())
    throw invalidField("code", "Enter the code your authenticator app shows, or a recovery code.");
  const match = await matchSecondFactor(context.database.db, context.config.secretsKey, userId, typed, now);
  if (!match) throw invalidField("code", WRONG_CODE);
  return match;
}

/** Ten new recovery codes (the old ones die), each 12 base32 letters in three groups: about 60 bits. */
export async function replaceRecoveryCodes(tx: Tx, userId: string): Promise<string[]> {
  await tx.db.deleteFrom("recovery_codes").where("user_id", "=", userId).execute();
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const letters = base32Encode(randomBytes(8)).slice(0, 12).toLowerCase();
    return `${letters.slice(0, 4)}-${letters.slice(4, 8)}-${letters.slice(8, 12)}`;
  });
  await tx.db
    .insertInto("recovery_codes")
    .values(
      codes.map((code) => ({
        id: newId(tx.now.getTime()),
        user_id: userId,
        code_hash: hashRecoveryCode(code),
        created_at: tx.now.toISOString(),
        used_at: null,
      })),
    )
    .execute();
  return codes;
}
