import type { Kysely } from "kysely";
import type { DB, PlatformRole } from "../db/types.ts";
import type { StreamAudience, StreamCredentials } from "../events/streams.ts";
import { SESSION_IDLE_MS } from "./sessions.ts";

/** The channel every stream of a user with this platform role hears (support: every agent). */
export function platformRoleChannel(role: PlatformRole): string {
  return `platform:${role}`;
}

/**
 * The live-event audiences of the sessions among `sessionIds` that are still alive (not ended, expired or
 * idle too long, by the rules of findSessionUser): each session's user, the companies the user is a member
 * of now (but one requiring a second step they lack), and the channel of their platform role if they have one now. One query for all of them, by the
 * sessions' and users' primary keys and memberships' user index, and a read only: watching a stream does not
 * keep a session from going idle.
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
    .innerJoin("users as u", "u.id", "s.user_id")
    .leftJoin("memberships as m", "m.user_id", "s.user_id")
    .leftJoin("companies as c", "c.id", "m.company_id")
    .leftJoin("two_step_secrets as t", (join) =>
      join.onRef("t.user_id", "=", "s.user_id").on("t.confirmed_at", "is not", null),
    )
    .select([
      "s.id",
      "s.user_id",
      "u.platform_role",
      "m.company_id",
      "c.two_step_required",
      "t.user_id as holder",
    ])
    .where("s.id", "in", sessionIds)
    .where("s.expires_at", ">", now.toISOString())
    .where("s.last_seen_at", ">", new Date(now.getTime() - SESSION_IDLE_MS).toISOString())
    .execute();
  for (const row of rows) {
    const audience = audiences.get(row.id) ?? {
      userId: row.user_id,
      companyIds: [],
      channels: row.platform_role ? [platformRoleChannel(row.platform_role)] : [],
    };
    // A company that requires a second step the user has not set up is closed to them (checkTwoStepDemand).
    const closed = Number(row.two_step_required) === 1 && !row.holder;
    if (row.company_id && !closed) audience.companyIds.push(row.company_id);
    audiences.set(row.id, audience);
  }
  return audiences;
}

/** Event streams opened with a session (the signed-in user's cookie or bearer token). */
export const sessionStreams: StreamCredentials = {
  kind: "session",
  of: (request) => request.auth?.sessionId ?? null,
  read: readStreamAudiences,
};
