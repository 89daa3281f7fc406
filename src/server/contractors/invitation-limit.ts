import type { Kysely } from "kysely";
import { newId } from "../db/ids.ts";
import type { DB } from "../db/types.ts";
import { tooManyRequests } from "../http/problem.ts";
import type { Tx } from "../kernel/tx.ts";

const HOUR_MS = 3600 * 1000;
const DAY_MS = 24 * HOUR_MS;

/** What the allowance counts: invitations, and task emails to contractors who have not accepted yet. */
export type AllowanceUse = "invitations" | "task emails";

/** The allowance left, or the 429 that would refuse `count` more. */
async function checkAllowance(tx: Tx, companyId: string, count: number, use: AllowanceUse) {
  const perHour = tx.config.invitesPerHour;
  const perFirstDay = tx.config.newCompanyInvitesPerDay;
  const now = tx.now.getTime();
  const company = await tx.db
    .selectFrom("companies")
    .select("created_at")
    .where("id", "=", companyId)
    .executeTakeFirst();
  const createdAt = company ? Date.parse(String(company.created_at)) : 0;
  // A company's first 24 hours: everything since it was made counts against the lower daily allowance.
  const young = now - createdAt < DAY_MS;
  const lastHour = await sentSince(tx, companyId, now - HOUR_MS);
  const sinceCreated = young ? await sentSince(tx, companyId, createdAt - 1) : lastHour;
  const sentLastHour = lastHour.sent;
  const sentSinceCreated = sinceCreated.sent;
  const what =
    use === "invitations"
      ? "invitations"
      : "invitations and task emails to contractors who have not accepted";
  if (young && sentSinceCreated + count > perFirstDay) {
    return tooManyRequests(
      Math.max(1, (createdAt + DAY_MS - now) / 1000),
      `A new company can send ${perFirstDay} ${what} in its first 24 hours; this would send ${count} more after ${sentSinceCreated}. Nothing was sent. Try again later.`,
    );
  }
  if (sentLastHour + count > perHour) {
    const oldest = lastHour.oldest ?? now;
    const retryAfter = count > perHour ? HOUR_MS : oldest + HOUR_MS - now;
    return tooManyRequests(
      Math.max(1, retryAfter / 1000),
      `Your company can send ${perHour} ${what} per hour; this would send ${count} more after ${sentLastHour}. Nothing was sent. Try again later.`,
    );
  }
  return null;
}

/** How many the company sent after `after` (ms), and when the oldest of them went; over an index alone. */
async function sentSince(tx: Tx, companyId: string, after: number) {
  const used = await tx.db
    .selectFrom("invitation_log")
    .select((eb) => [eb.fn.sum<number | string | null>("count").as("sent"), eb.fn.min("at").as("oldest")])
    .where("company_id", "=", companyId)
    .where("at", ">", new Date(after).toISOString())
    .executeTakeFirst();
  return {
    sent: Number(used?.sent ?? 0),
    oldest: used?.oldest ? Date.parse(String(used.oldest)) : null,
  };
}

async function record(tx: Tx, companyId: string, count: number): Promise<void> {
  await tx.db
    .insertInto("invitation_log")
    .values({ id: newId(tx.now.getTime()), company_id: companyId, at: tx.now.toISOString(), count })
    .execute();
}

/**
 * Counts `count` invitations against the company's allowance, whichever way they are sent: INVITES_PER_HOUR,
 * and in a company's first 24 hours NEW_COMPANY_INVITES_PER_DAY. Task emails to a contractor who has not
 * accepted count too (`use`). Over it, the whole submission is refused with 429 and the transaction rolls
 * back, so nothing is sent. Call it after locking the company (lockCompany), so concurrent submissions add up.
 */
export async function spendInvitationAllowance(
  tx: Tx,
  companyId: string,
  count: number,
  use: AllowanceUse = "invitations",
): Promise<void> {
  if (count <= 0) return;
  const refusal = await checkAllowance(tx, companyId, count, use);
  if (refusal) throw refusal;
  await record(tx, companyId, count);
}

/**
 * For an email that only tells of something the company did (a withdrawn offer): counted when the allowance
 * has room, and left unsent when it has none, so the change itself is never refused. True when it may go.
 */
export async function trySpendInvitationAllowance(
  tx: Tx,
  companyId: string,
  count: number,
): Promise<boolean> {
  if (count <= 0) return true;
  if (await checkAllowance(tx, companyId, count, "task emails")) return false;
  await record(tx, companyId, count);
  return true;
}

/**
 * Serialises invitation writes of one company: a no-op update takes the row lock on PostgreSQL (SQLite
 * writers are serial anyway). Returns the company's name, or null when it does not exist.
 */
export async function lockCompany(db: Kysely<DB>, companyId: string): Promise<string | null> {
  await db
    .updateTable("companies")
    .set((eb) => ({ name: eb.ref("name") }))
    .where("id", "=", companyId)
    .execute();
  const row = await db.selectFrom("companies").select("name").where("id", "=", companyId).executeTakeFirst();
  return row?.name ?? null;
}
