import { DELETION_GRACE_DAYS } from "../../common/account.ts";
import { revokeUserTokens } from "../auth/auth-tokens.ts";
import { endOtherSessions } from "../auth/sessions.ts";
import { publishContractorUpdates } from "../contractors/events.ts";
import { writeSearchTerms } from "../db/search-terms.ts";
import type { UsersTable } from "../db/types.ts";
import { conflict } from "../http/problem.ts";
import type { Visitor } from "../kernel/actors.ts";
import type { Tx } from "../kernel/tx.ts";
import { enqueueEmail } from "../mail/outbox.ts";
import { deletionScheduledEmail } from "./emails.ts";
import { recordSecurityEvent } from "./history.ts";
import { claimSecondFactor, type SecondFactorMatch } from "./second-factor.ts";

/** The name a deleted person leaves on the companies' tasks and money records. */
export const DELETED_NAME = "Deleted user";

/** The companies this person is the only owner of: they must hand them over or delete them first. */
async function companiesOnlyOwnedBy(tx: Tx, userId: string): Promise<string[]> {
  const owned = await tx.db
    .selectFrom("memberships as m")
    .innerJoin("companies as c", "c.id", "m.company_id")
    .select(["c.id", "c.name"])
    .where("m.user_id", "=", userId)
    .where("m.role", "=", "owner")
    .execute();
  const alone: string[] = [];
  for (const company of owned) {
    const other = await tx.db
      .selectFrom("memberships")
      .select("user_id")
      .where("company_id", "=", company.id)
      .where("role", "=", "owner")
      .where("user_id", "!=", userId)
      .executeTakeFirst();
    if (!other) alone.push(company.name);
  }
  return alone;
}

/**
 * The person asks to delete their account (password, and second step if they have one, checked before):
 * it goes in 7 days unless they sign in before. Every session ends now. The last owner of a company must
 * first hand it over or delete it (409).
 */
export async function requestDeletion(
  tx: Tx,
  user: UsersTable,
  visitor: Visitor,
  secondFactor: SecondFactorMatch | null,
): Promise<Date> {
  const alone = await companiesOnlyOwnedBy(tx, user.id);
  if (alone.length > 0)
    throw conflict(
      `You are the only owner of ${alone.join(", ")}. Make another member an owner on the company's Settings page (Team), or delete the company, before deleting your account.`,
    );
  if (secondFactor) await claimSecondFactor(tx, user.id, secondFactor);
  const dueAt = new Date(tx.now.getTime() + DELETION_GRACE_DAYS * 24 * 3600 * 1000);
  await tx.db
    .updateTable("users")
    .set({ deletion_due_at: dueAt.toISOString(), updated_at: tx.now.toISOString() })
    .where("id", "=", user.id)
    .execute();
  await endOtherSessions(tx.db, user.id, null);
  await recordSecurityEvent(tx, user.id, { kind: "deletion-requested", visitor });
  const mail = deletionScheduledEmail(tx.config.appUrl, { name: user.name, dueAt });
  await enqueueEmail(tx.db, { ...mail, recipient: user.email }, tx.now);
  return dueAt;
}

/** Signing in during the grace period keeps the account; the person is told. */
export async function cancelDeletion(tx: Tx, userId: string, visitor: Visitor): Promise<void> {
  const result = await tx.db
    .updateTable("users")
    .set({ deletion_due_at: null })
    .where("id", "=", userId)
    .where("deletion_due_at", "is not", null)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 1)
    await recordSecurityEvent(tx, userId, { kind: "deletion-cancelled", visitor, notify: true });
}

/**
 * The grace period is over: the person's data goes. What the companies must keep by the law of bookkeeping
 * (tasks and money records, through the company–contractor relations) stays, under the name
 * "Deleted user"; the account row stays only so those records keep their references, without name, address,
 * password, sessions or history. Their relations end as a removal would (offers withdrawn).
 */
export async function purgeAccount(tx: Tx, userId: string): Promise<boolean> {
  const iso = tx.now.toISOString();
  const claimed = await tx.db
    .updateTable("users")
    .set({
      name: DELETED_NAME,
      email: `deleted-${userId}@deleted.invalid`,
      password_hash: null,
      email_verified_at: null,
      platform_role: null,
      deletion_due_at: null,
      deleted_at: iso,
      updated_at: iso,
    })
    .where("id", "=", userId)
    .where("deletion_due_at", "<=", iso)
    .where("deleted_at", "is", null)
    .executeTakeFirst();
  if (Number(claimed.numUpdatedRows) !== 1) return false;
  await endOtherSessions(tx.db, userId, null);
  await revokeUserTokens(tx.db, userId, tx.now);
  for (const table of [
    "auth_tokens",
    "two_step_secrets",
    "recovery_codes",
    "remembered_devices",
    "pending_sign_ins",
    "email_changes",
    "account_exports",
    "account_events",
    "contractor_profiles",
    "support_conversations",
    "memberships",
  ] as const) {
    await tx.db.deleteFrom(table).where("user_id", "=", userId).execute();
  }
  const relations = await tx.db
    .selectFrom("contractors")
    .select(["id", "company_id", "status"])
    .where("user_id", "=", userId)
    .execute();
  for (const r of relations) {
    await tx.db
      .updateTable("contractors")
      .set({
        name: DELETED_NAME,
        status: "removed",
        removed_at: r.status === "removed" ? undefined : iso,
        welcome_message: null,
        updated_at: iso,
      })
      .where("id", "=", r.id)
      .execute();
    await writeSearchTerms(tx.db, "contractor", r.id, r.company_id, [DELETED_NAME]);
    if (r.status !== "removed")
      await tx.hooks.run(tx, "contractor.removed", {
        companyId: r.company_id,
        contractorId: r.id,
        actorUserId: userId,
      });
  }
  await publishContractorUpdates(
    tx,
    relations.map((r) => r.id),
  );
  return true;
}
