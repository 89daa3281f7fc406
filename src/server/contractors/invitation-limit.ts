import type { Kysely } from "kysely";
import { newId } from "../db/ids.ts";
import type { DB } from "../db/types.ts";
import { tooManyRequests } from "../http/problem.ts";
import type { Tx } from "../kernel/tx.ts";

const HOUR_MS = 3600 * 1000;

/**
 * Counts `count` invitations against the company's hourly allowance (INVITES_PER_HOUR), whichever way they
 * are sent. Over it, the whole submission is refused with 429 and the transaction rolls back, so nothing is
 * sent. Call it after locking the company (lockCompany), so concurrent submissions add up.
 */
export async function spendInvitationAllowance(tx: Tx, companyId: string, count: number): Promise<void> {
  if (count <= 0) return;
  const perHour = tx.config.invitesPerHour;
  const now = tx.now.getTime();
  const used = await tx.db
    .selectFrom("invitation_log")
    .select((eb) => [eb.fn.sum<number | string | null>("count").as("sent"), eb.fn.min("at").as("oldest")])
    .where("company_id", "=", companyId)
    .where("at", ">", new Date(now - HOUR_MS).toISOString())
    .executeTakeFirst();
  const sent = Number(used?.sent ?? 0);
  if (sent + count > perHour) {
    const oldest = used?.oldest ? Date.parse(String(used.oldest)) : now;
    const retryAfter = count > perHour ? HOUR_MS : oldest + HOUR_MS - now;
    throw tooManyRequests(
      Math.max(1, retryAfter / 1000),
      `Your company can send ${perHour} invitations per hour; this would send ${count} more after ${sent}. Nothing was sent. Try again later.`,
    );
  }
  await tx.db
    .insertInto("invitation_log")
    .values({ id: newId(now), company_id: companyId, at: tx.now.toISOString(), count })
    .execute();
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
