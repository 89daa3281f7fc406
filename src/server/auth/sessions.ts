import type { Kysely } from "kysely";
import { newId } from "../db/ids.ts";
import type { DB } from "../db/types.ts";
import type { RequestSession } from "../http/request-user.ts";
import { type MembershipFacts, membershipFactsOf, withMembershipFacts } from "./membership-facts.ts";
import { hashSecret, newSecret } from "./tokens.ts";

export const SESSION_ABSOLUTE_MS = 30 * 24 * 3600 * 1000;
export const SESSION_IDLE_MS = 7 * 24 * 3600 * 1000;
/** last_seen_at is written at most this often, so reads stay reads. */
const TOUCH_EVERY_MS = 60 * 1000;

/** The browser a session is opened for, as the list of sessions shows it. */
export interface SessionClient {
  ip?: string | null;
  userAgent?: string | null;
}

/** The longest User-Agent kept: enough to name any browser, too short to fill the table. */
const USER_AGENT_MAX = 512;

export async function createSession(
  db: Kysely<DB>,
  userId: string,
  now = new Date(),
  client: SessionClient = {},
): Promise<string> {
  return (await startSession(db, userId, now, client)).token;
}

/** A new session: its id (the list of sessions names it) and its secret (the cookie). */
export async function startSession(
  db: Kysely<DB>,
  userId: string,
  now: Date,
  client: SessionClient,
): Promise<{ id: string; token: string }> {
  const token = newSecret();
  const id = newId();
  const iso = now.toISOString();
  await db
    .insertInto("sessions")
    .values({
      id,
      token_hash: hashSecret(token),
      user_id: userId,
      created_at: iso,
      last_seen_at: iso,
      expires_at: new Date(now.getTime() + SESSION_ABSOLUTE_MS).toISOString(),
      user_agent: client.userAgent?.slice(0, USER_AGENT_MAX) ?? null,
      ip: client.ip ?? null,
    })
    .execute();
  return { id, token };
}

/**
 * Every column of a user, named rather than `users.*`, so that on PostgreSQL the read of every request runs as
 * a prepared statement (src/server/db/prepared-statements.ts). A column added to UsersTable and not here fails
 * the type check of `findSessionUser`'s answer.
 */
const USER_COLUMNS = [
  "users.id",
  "users.email",
  "users.name",
  "users.password_hash",
  "users.email_verified_at",
  "users.platform_role",
  "users.password_changed_at",
  "users.created_at",
  "users.updated_at",
  "users.deletion_due_at",
  "users.deleted_at",
] as const;

/** The signed-in user of a session token, or null when the session ended, expired or sat idle too long. */
export async function findSessionUser(
  db: Kysely<DB>,
  token: string,
  now = new Date(),
): Promise<RequestSession | null> {
  return (await readSession(db, token, { now }))?.session ?? null;
}

/** What a session read found: the session and, when a company was named, the user's membership of it. */
export interface SessionRead {
  session: RequestSession;
  /** Read only when `companyId` was given: the user's standing there, or null when not a member. */
  membership?: MembershipFacts | null;
}

/**
 * A session and, in the same query, the user's membership of `companyId`, which every company request asks
 * next (`requireCompanyActor`): one round trip to the database instead of two. Without a company, the
 * session alone.
 */
export async function readSession(
  db: Kysely<DB>,
  token: string,
  { now = new Date(), companyId }: { now?: Date; companyId?: string },
): Promise<SessionRead | null> {
  const row = await db
    .selectFrom("users")
    .$if(companyId !== undefined, (query) => withMembershipFacts(query, companyId ?? ""))
    .innerJoin("sessions", "sessions.user_id", "users.id")
    .select(USER_COLUMNS)
    .select(["sessions.id as session_id", "sessions.last_seen_at", "sessions.expires_at"])
    .where("sessions.token_hash", "=", hashSecret(token))
    .executeTakeFirst();
  if (!row) return null;
  const lastSeen = Date.parse(row.last_seen_at);
  if (Date.parse(row.expires_at) <= now.getTime() || lastSeen + SESSION_IDLE_MS <= now.getTime()) {
    await db.deleteFrom("sessions").where("id", "=", row.session_id).execute();
    return null;
  }
  if (now.getTime() - lastSeen > TOUCH_EVERY_MS) {
    await db
      .updateTable("sessions")
      .set({ last_seen_at: now.toISOString() })
      .where("id", "=", row.session_id)
      .execute();
  }
  const { session_id, last_seen_at: _seen, expires_at: _expires, ...rest } = row;
  const { role, company_name, two_step_required, holder, ...user } = rest;
  const session = { sessionId: session_id, user };
  if (companyId === undefined) return { session };
  return { session, membership: membershipFactsOf({ role, company_name, two_step_required, holder }) };
}

export async function endSession(db: Kysely<DB>, sessionId: string): Promise<void> {
  await db.deleteFrom("sessions").where("id", "=", sessionId).execute();
}

/** After a password change: every session of the user ends but the one that made the change. */
export async function endOtherSessions(
  db: Kysely<DB>,
  userId: string,
  keepSessionId: string | null,
): Promise<void> {
  let query = db.deleteFrom("sessions").where("user_id", "=", userId);
  if (keepSessionId) query = query.where("id", "!=", keepSessionId);
  await query.execute();
}
