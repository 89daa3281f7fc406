import type { UsersTable } from "../db/types.ts";
import type { Visitor } from "../kernel/actors.ts";
import type { HookPayloads, SecondStepChallenge, SignInWay, Tx } from "../kernel/tx.ts";
import { startSession } from "./sessions.ts";

/** Where a right password leads: a session, or a sign-in waiting for its second step. */
export type SignInOutcome =
  | { kind: "signed-in"; user: UsersTable; sessionToken: string }
  | { kind: "second-step"; user: UsersTable; challenge: SecondStepChallenge };

/**
 * Opens a session for the person (with the browser and address it is opened from) and lets the other
 * features answer (`session.opened`: account cancels a pending deletion and writes the security history).
 */
export async function openSession(tx: Tx, visitor: Visitor, userId: string, way: SignInWay): Promise<string> {
  const session = await startSession(tx.db, userId, tx.now, {
    ip: visitor.ip,
    userAgent: visitor.userAgent ?? null,
  });
  await tx.hooks.run(tx, "session.opened", { userId, sessionId: session.id, visitor, way });
  return session.token;
}

/**
 * The password was right: a session opens, unless account asks for a second step first
 * (`sign-in.password-accepted`). No session exists before that step: nothing of the account is reachable
 * with the password alone.
 */
export async function completePasswordStep(
  tx: Tx,
  visitor: Visitor,
  user: UsersTable,
  input: { deviceToken: string | null; way: "password" | "link" },
): Promise<SignInOutcome> {
  const payload: HookPayloads["sign-in.password-accepted"] = {
    userId: user.id,
    visitor,
    deviceToken: input.deviceToken,
    challenge: null,
  };
  await tx.hooks.run(tx, "sign-in.password-accepted", payload);
  const challenge: SecondStepChallenge | null = payload.challenge;
  if (challenge) return { kind: "second-step", user, challenge };
  return { kind: "signed-in", user, sessionToken: await openSession(tx, visitor, user.id, input.way) };
}
