import type { AppContext } from "../kernel/context.ts";
import { endSession } from "./sessions.ts";

/** Ends the caller's session; signing out twice is not an error. */
export async function signOut(context: AppContext, sessionId: string | null): Promise<void> {
  if (sessionId) await endSession(context.database.db, sessionId);
}
