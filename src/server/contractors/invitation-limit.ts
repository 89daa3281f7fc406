import type { Kysely } from "kysely";
import { newId } from "../db/ids.ts";
import type { DB } from "../db/types.ts";
import { tooManyRequests } from "../http/problem.ts";

const HOUR_MS = 3600 * 1000;

/**
 * Counts `count` invitations against the company's hourly allowance (INVITES_PER_HOUR), whichever way they
 * are sent. Over it, the whole submission is refused with 429 and the caller's transaction rolls back, so
 * nothing is sent. Call it after locking the company (lockCompany), so concurrent submissions add up.
 */
export async function spendInvitationAllowance(
  trx: Kysely<DB>,
  companyId: string,
  count: number,
  perHour: number,
  now = new Date(),
): Promise<void> {
  if (count <= 0) return;
  const since = new Date(now.getTime() - HOUR_MS).toISOString();
  const used = await trx
    .selectFrom("invitation_log")
    .select((eb) => [eb.fn.sum<number | string | null>("count").as("sent"), eb.fn.min("at").as("oldest")])
    .where("company_id", "=", companyId)
    .where("at", ">", since)
    .executeTakeFirst();
  const sent = Number(used?.sent ?? 0);
  if (sent + count > perHour) {
    const oldest = used?.oldest ? Date.parse(String(used.oldest)) : now.getTime();
    const retryAfter = count > perHour ? HOUR_MS : oldest + HOUR_MS - now.getTime();
    throw tooManyRequests(
      Math.max(1, retryAfter / 1000),
      `Your company can send ${perHour} invitations per hour; this would send ${count} more after ${sent}. Nothing was sent. Try again later.`,
    );
  }
  await trx
    .insertInto("invitation_log")
    .values({ id: newId(now.getTime()), company_id: companyId, at: now.toISOString(), count })
    .execute();
}

/**
 * Serialises invitation writes of one company: a no-op update takes the row lock on PostgreSQL (SQLite
 * writers are serial anyway). Returns the company's name, or null when it does not exist.
 */
export async function lockCompany(trx: Kysely<DB>, companyId: string): Promise<string | null> {
  await trx
    .updateTable("companies")
    .set((eb) => ({ name: eb.ref("name") }))
    .where("id", "=", companyId)
    .execute();
  const row = await trx.selectFrom("companies").select("name").where("id", "=", companyId).executeTakeFirst();
  return row?.name ?? null;
}
