import type { Kysely } from "kysely";
import type {
  Account,
  AccountExport,
  AccountSession,
  RememberedDevice,
  SecurityEvent,
} from "../../common/wire/account.ts";
import type { DB } from "../db/types.ts";
import { notFound } from "../http/problem.ts";
import { describeClient } from "./client.ts";
import { companiesRequiringTwoStep } from "./two-step.ts";

/** How many lines of the security history the Account page shows. */
const HISTORY_LIMIT = 50;

export async function findAccount(db: Kysely<DB>, userId: string): Promise<Account> {
  const user = await db
    .selectFrom("users")
    .select(["email", "deletion_due_at"])
    .where("id", "=", userId)
    .executeTakeFirstOrThrow();
  const pending = await db
    .selectFrom("email_changes")
    .select(["new_email", "requested_at"])
    .where("user_id", "=", userId)
    .where("confirmed_at", "is", null)
    .where("cancelled_at", "is", null)
    .orderBy("id", "desc")
    .executeTakeFirst();
  const secret = await db
    .selectFrom("two_step_secrets")
    .select("confirmed_at")
    .where("user_id", "=", userId)
    .executeTakeFirst();
  const codes = await db
    .selectFrom("recovery_codes")
    .select((eb) => eb.fn.countAll<string | number>().as("left"))
    .where("user_id", "=", userId)
    .where("used_at", "is", null)
    .executeTakeFirstOrThrow();
  const companies = await db
    .selectFrom("memberships as m")
    .innerJoin("companies as c", "c.id", "m.company_id")
    .select((eb) => [
      "c.id",
      "c.name",
      "m.role",
      "c.two_step_required",
      eb
        .selectFrom("memberships as o")
        .select((o) => o.fn.countAll<string>().as("n"))
        .whereRef("o.company_id", "=", "c.id")
        .where("o.role", "=", "owner")
        .as("owners"),
    ])
    .where("m.user_id", "=", userId)
    .orderBy("c.name")
    .execute();
  return {
    email: user.email,
    pendingEmail: pending ? { email: pending.new_email, requestedAt: pending.requested_at } : null,
    twoStep: {
      enabled: Boolean(secret?.confirmed_at),
      recoveryCodesLeft: Number(codes.left),
      requiredBy: await companiesRequiringTwoStep({ db }, userId),
    },
    companies: companies.map((c) => ({
      id: c.id,
      name: c.name,
      role: c.role,
      twoStepRequired: Number(c.two_step_required) === 1,
      onlyOwner: c.role === "owner" && Number(c.owners) === 1,
    })),
    deletionDueAt: user.deletion_due_at,
  };
}

/** The person's signed-in devices, the most recently seen first. */
export async function listSessions(
  db: Kysely<DB>,
  userId: string,
  currentSessionId: string,
  now = new Date(),
): Promise<AccountSession[]> {
  const rows = await db
    .selectFrom("sessions")
    .selectAll()
    .where("user_id", "=", userId)
    .where("expires_at", ">", now.toISOString())
    .orderBy("last_seen_at", "desc")
    .execute();
  return rows.map((row) => ({
    id: row.id,
    ...describeClient(row.user_agent),
    ip: row.ip,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    current: row.id === currentSessionId,
  }));
}

export async function listRememberedDevices(
  db: Kysely<DB>,
  userId: string,
  now = new Date(),
): Promise<RememberedDevice[]> {
  const rows = await db
    .selectFrom("remembered_devices")
    .selectAll()
    .where("user_id", "=", userId)
    .where("expires_at", ">", now.toISOString())
    .orderBy("last_used_at", "desc")
    .execute();
  return rows.map((row) => ({
    id: row.id,
    ...describeClient(row.user_agent),
    ip: row.ip,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    expiresAt: row.expires_at,
  }));
}

export async function listSecurityHistory(db: Kysely<DB>, userId: string): Promise<SecurityEvent[]> {
  const rows = await db
    .selectFrom("account_events")
    .selectAll()
    .where("user_id", "=", userId)
    .orderBy("id", "desc")
    .limit(HISTORY_LIMIT)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    at: row.at,
    ip: row.ip,
    ...describeClient(row.user_agent),
    detail: row.detail,
  }));
}

export async function listExports(db: Kysely<DB>, userId: string): Promise<AccountExport[]> {
  const rows = await db
    .selectFrom("account_exports")
    .select(["id", "status", "requested_at", "ready_at", "expires_at"])
    .where("user_id", "=", userId)
    .orderBy("id", "desc")
    .limit(5)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    status: row.status,
    requestedAt: row.requested_at,
    readyAt: row.ready_at,
    expiresAt: row.expires_at,
  }));
}

/** The archive of one of the person's exports, while it is kept; anyone else's is a 404. */
export async function findExportArchive(
  db: Kysely<DB>,
  userId: string,
  exportId: string,
  now = new Date(),
): Promise<string> {
  const row = await db
    .selectFrom("account_exports")
    .select(["archive", "expires_at"])
    .where("id", "=", exportId)
    .where("user_id", "=", userId)
    .where("status", "=", "ready")
    .executeTakeFirst();
  if (!row?.archive || !row.expires_at || Date.parse(row.expires_at) <= now.getTime())
    throw notFound("Archive");
  return row.archive;
}
