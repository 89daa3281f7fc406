import type { Visitor } from "../kernel/actors.ts";
import type { Tx } from "../kernel/tx.ts";
import { endSession } from "./sessions.ts";

/** Ends the caller's session; signing out twice is not an error. */
export async function signOut(tx: Tx, visitor: Visitor): Promise<void> {
  if (visitor.sessionId) await endSession(tx.db, visitor.sessionId);
}
