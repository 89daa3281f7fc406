import type { Kysely } from "kysely";
import type { DB } from "../db/types.ts";
import type { StreamAudience } from "../events/streams.ts";
import { SESSION_IDLE_MS } from "./sessions.ts";

/**
 * The live-event audiences of the sessions among `sessionIds` that are still alive (not ended, expired or
 * idle too long, by the rules of findSessionUser): each session's user and the companies the user is a
 * member of now. One query for all of them, by the sessions' primary key and memberships' user index, and a
 * read only: watching a stream does not keep a session from going idle.
 */
export async function readStreamAudiences(
  db: Kysely<DB>,
  sessionIds: string[],
  now: Date,
): Promise<Map<string, StreamAudience>> {
  const audiences = new Map<string, StreamAudience>();
  if (sessionIds.length === 0) return audiences;
  const rows = await db
    .selectFrom("sessions as s")
    .leftJoin("memberships as m", "m.user_id", "s.user_id")
    .select(["s.id", "s.user_id", "m.company_id"])
    .where("s.id", "in", sessionIds)
    .where("s.expires_at", ">", now.toISOString())
    .where("s.last_seen_at", ">", new Date(now.getTime() - SESSION_IDLE_MS).toISOString())
    .execute();
  for (const row of rows) {
    const audience = audiences.get(row.id) ?? { userId: row.user_id, companyIds: [] };
    if (row.company_id) audience.companyIds.push(row.company_id);
    audiences.set(row.id, audience);
  }
  return audiences;
}
