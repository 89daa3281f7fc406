import type { Kysely } from "kysely";
import { PENDING_SIGN_IN_MINUTES } from "../../common/account.ts";
import { openSession } from "../auth/open-session.ts";
import { hashSecret, newSecret } from "../auth/tokens.ts";
import { newId } from "../db/ids.ts";
import type { DB, PendingSignInsTable, UsersTable } from "../db/types.ts";
import { gone, invalidField } from "../http/problem.ts";
import { spendRateLimit } from "../http/rate-limit.ts";
import type { Visitor } from "../kernel/actors.ts";
import type { AppContext } from "../kernel/context.ts";
import type { HookPayloads, Tx } from "../kernel/tx.ts";
import { recordSecurityEvent } from "./history.ts";
import { acceptRememberedDevice, rememberDevice } from "./remembered-devices.ts";
import {
  claimSecondFactor,
  hasSecondStep,
  matchSecondFactor,
  type SecondFactorMatch,
  WRONG_CODE,
} from "./second-factor.ts";

/** Wrong codes one sign-in may take; then it dies and the person starts again with their password. */
const MAX_FAILURES = 5;

export const SIGN_IN_EXPIRED = "This sign-in has expired. Sign in again with your password.";

/**
 * `sign-in.password-accepted`: a person with a second step, on a browser not remembered, gets a sign-in
 * that waits for it, 5 minutes at most. Only the hash of its secret is stored; no session exists yet.
 */
export async function askSecondStep(
  tx: Tx,
  payload: HookPayloads["sign-in.password-accepted"],
): Promise<void> {
  if (!(await hasSecondStep(tx.db, payload.userId))) return;
  if (await acceptRememberedDevice(tx.db, payload.userId, payload.deviceToken, tx.now)) return;
  const token = newSecret();
  const expiresAt = new Date(tx.now.getTime() + PENDING_SIGN_IN_MINUTES * 60_000).toISOString();
  await tx.db
    .insertInto("pending_sign_ins")
    .values({
      id: newId(tx.now.getTime()),
      token_hash: hashSecret(token),
      user_id: payload.userId,
      ip: payload.visitor.ip,
      user_agent: payload.visitor.userAgent?.slice(0, 512) ?? null,
      created_at: tx.now.toISOString(),
      expires_at: expiresAt,
      failures: 0,
      used_at: null,
    })
    .execute();
  payload.challenge = { token, expiresAt };
}

async function livePendingSignIn(db: Kysely<DB>, token: string, now: Date): Promise<PendingSignInsTable> {
  const row = await db
    .selectFrom("pending_sign_ins")
    .selectAll()
    .where("token_hash", "=", hashSecret(token))
    .executeTakeFirst();
  if (!row || row.used_at || row.failures >= MAX_FAILURES || Date.parse(row.expires_at) <= now.getTime())
    throw gone(SIGN_IN_EXPIRED);
  return row;
}

export interface CheckedSecondStep {
  pending: PendingSignInsTable;
  match: SecondFactorMatch;
}

/**
 * Before the transaction: the sign-in is alive (else 410), the person's allowance of codes is not spent
 * (429), and the code matches. A wrong code counts against this sign-in at once (it commits on its own); the
 * fifth kills it.
 */
export async function checkSecondStep(
  context: AppContext,
  input: { token: string; code: string },
  now = new Date(),
): Promise<CheckedSecondStep> {
  const { db } = context.database;
  const pending = await livePendingSignIn(db, input.token, now);
  await spendRateLimit(
    context.rateCounters(db),
    `second-step:user:${pending.user_id}`,
    context.config.rateLimits.secondStepPerUser,
    now,
  );
  const match = await matchSecondFactor(db, context.config.secretsKey, pending.user_id, input.code, now);
  if (!match) {
    await db
      .updateTable("pending_sign_ins")
      .set((eb) => ({ failures: eb("failures", "+", 1) }))
      .where("id", "=", pending.id)
      .execute();
    throw invalidField("code", WRONG_CODE);
  }
  return { pending, match };
}

export interface SecondStepDone {
  user: UsersTable;
  sessionToken: string;
  /** The remembered device's secret, for its cookie, when the person asked to be remembered. */
  deviceToken: string | null;
}

/**
 * Completes a sign-in with its second step: the sign-in and the code are spent (each once: a second request
 * with them loses), a session opens, and the browser is remembered for 30 days if asked.
 */
export async function completeSecondStep(
  tx: Tx,
  visitor: Visitor,
  checked: CheckedSecondStep,
  input: { rememberDevice: boolean },
): Promise<SecondStepDone> {
  const { pending, match } = checked;
  const used = await tx.db
    .updateTable("pending_sign_ins")
    .set({ used_at: tx.now.toISOString() })
    .where("id", "=", pending.id)
    .where("used_at", "is", null)
    .executeTakeFirst();
  if (Number(used.numUpdatedRows) !== 1) throw gone(SIGN_IN_EXPIRED);
  await claimSecondFactor(tx, pending.user_id, match);
  if (visitor.sessionId) await tx.db.deleteFrom("sessions").where("id", "=", visitor.sessionId).execute();
  const sessionToken = await openSession(tx, visitor, pending.user_id, "second-step");
  if (match.method === "recovery") {
    await recordSecurityEvent(tx, pending.user_id, { kind: "recovery-code-used", visitor, notify: true });
  }
  const deviceToken = input.rememberDevice ? await rememberDevice(tx, pending.user_id, visitor) : null;
  const user = await tx.db
    .selectFrom("users")
    .selectAll()
    .where("id", "=", pending.user_id)
    .executeTakeFirstOrThrow();
  return { user, sessionToken, deviceToken };
}
