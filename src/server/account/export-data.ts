import { EXPORT_KEEP_DAYS } from "../../common/account.ts";
import { newId } from "../db/ids.ts";
import type { UsersTable } from "../db/types.ts";
import { conflict } from "../http/problem.ts";
import type { Visitor } from "../kernel/actors.ts";
import { causingRequestId } from "../kernel/request-cause.ts";
import type { Tx } from "../kernel/tx.ts";
import { enqueueEmail } from "../mail/outbox.ts";
import { exportReadyEmail } from "./emails.ts";
import { publishAccountUpdated, recordSecurityEvent } from "./history.ts";

/** The job kind the account worker claims. */
export const EXPORT_JOB = "account-export";

/**
 * The person asks for a copy of everything the platform holds about them: the archive is prepared in the
 * background (`prepareExport`) and a link to the Account page is emailed when it is ready. One at a time.
 */
export async function requestExport(tx: Tx, user: UsersTable, visitor: Visitor): Promise<string> {
  const busy = await tx.db
    .selectFrom("account_exports")
    .select("id")
    .where("user_id", "=", user.id)
    .where("status", "=", "preparing")
    .executeTakeFirst();
  if (busy)
    throw conflict("A copy of your data is already being prepared. We will email you when it is ready.");
  const id = newId(tx.now.getTime());
  const iso = tx.now.toISOString();
  await tx.db
    .insertInto("account_exports")
    .values({
      id,
      user_id: user.id,
      status: "preparing",
      requested_at: iso,
      ready_at: null,
      expires_at: null,
      archive: null,
    })
    .execute();
  await tx.db
    .insertInto("jobs")
    .values({
      id: newId(tx.now.getTime()),
      kind: EXPORT_JOB,
      payload: JSON.stringify({ exportId: id }),
      status: "queued",
      attempts: 0,
      next_attempt_at: iso,
      locked_until: null,
      last_error: null,
      created_at: iso,
      request_id: causingRequestId(),
    })
    .execute();
  await recordSecurityEvent(tx, user.id, { kind: "export-requested", visitor });
  return id;
}

/** Everything the platform holds about one person, as one JSON document. */
async function buildArchive(tx: Tx, userId: string): Promise<string> {
  const db = tx.db;
  const user = await db
    .selectFrom("users")
    .select(["id", "email", "name", "email_verified_at", "created_at", "updated_at", "password_changed_at"])
    .where("id", "=", userId)
    .executeTakeFirstOrThrow();
  const profile = await db
    .selectFrom("contractor_profiles")
    .selectAll()
    .where("user_id", "=", userId)
    .executeTakeFirst();
  const relations = await db
    .selectFrom("contractors as c")
    .innerJoin("companies as co", "co.id", "c.company_id")
    .select([
      "c.id",
      "co.name as company",
      "c.status",
      "c.invited_at",
      "c.accepted_at",
      "c.activated_at",
      "c.removed_at",
      "c.welcome_message",
    ])
    .where("c.user_id", "=", userId)
    .execute();
  const memberships = await db
    .selectFrom("memberships as m")
    .innerJoin("companies as co", "co.id", "m.company_id")
    .select(["co.name as company", "m.role", "m.created_at"])
    .where("m.user_id", "=", userId)
    .execute();
  const relationIds = relations.map((r) => r.id);
  const tasks =
    relationIds.length === 0
      ? []
      : await db
          .selectFrom("tasks as t")
          .innerJoin("companies as co", "co.id", "t.company_id")
          .select([
            "co.name as company",
            "t.number",
            "t.title",
            "t.description",
            "t.status",
            "t.amount_minor",
            "t.currency",
            "t.deadline",
            "t.result_text",
            "t.result_link",
            "t.created_at",
            "t.updated_at",
          ])
          .where("t.contractor_id", "in", relationIds)
          .where("t.status", "!=", "draft")
          .orderBy("t.created_at")
          .execute();
  const messages = await db
    .selectFrom("support_messages as m")
    .innerJoin("support_conversations as c", "c.id", "m.conversation_id")
    .select(["m.conversation_id", "m.author_side", "m.author_name", "m.body", "m.created_at"])
    .where("c.user_id", "=", userId)
    .orderBy("m.id")
    .execute();
  const history = await db
    .selectFrom("account_events")
    .select(["kind", "at", "ip", "user_agent", "detail"])
    .where("user_id", "=", userId)
    .orderBy("id")
    .execute();
  const sessions = await db
    .selectFrom("sessions")
    .select(["created_at", "last_seen_at", "ip", "user_agent"])
    .where("user_id", "=", userId)
    .execute();
  return JSON.stringify(
    {
      exportedAt: tx.now.toISOString(),
      profile: { ...user, requiredInformation: profile ?? null },
      companiesYouManage: memberships,
      companiesYouWorkFor: relations,
      tasks,
      supportMessages: messages,
      signInAndSecurityHistory: history,
      signedInDevices: sessions,
    },
    null,
    2,
  );
}

/** The background half: builds the archive, keeps it 7 days, and emails the person that it is ready. */
export async function prepareExport(tx: Tx, exportId: string): Promise<void> {
  const row = await tx.db
    .selectFrom("account_exports")
    .select(["user_id", "status"])
    .where("id", "=", exportId)
    .executeTakeFirst();
  if (row?.status !== "preparing") return;
  const archive = await buildArchive(tx, row.user_id);
  await tx.db
    .updateTable("account_exports")
    .set({
      status: "ready",
      archive,
      ready_at: tx.now.toISOString(),
      expires_at: new Date(tx.now.getTime() + EXPORT_KEEP_DAYS * 24 * 3600 * 1000).toISOString(),
    })
    .where("id", "=", exportId)
    .execute();
  const user = await tx.db
    .selectFrom("users")
    .select(["name", "email"])
    .where("id", "=", row.user_id)
    .executeTakeFirstOrThrow();
  await enqueueEmail(
    tx.db,
    { ...exportReadyEmail(tx.config.appUrl, { name: user.name }), recipient: user.email },
    tx.now,
  );
  publishAccountUpdated(tx, row.user_id);
}
