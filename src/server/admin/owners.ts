import { LAST_OWNER_MESSAGE } from "../../common/admin.ts";
import { lockCompany } from "../contractors/invitation-limit.ts";
import { conflict, notFound } from "../http/problem.ts";
import type { Tx } from "../kernel/tx.ts";

/**
 * Locks the company (its row, until the transaction ends) and returns its name, so two owners demoting or
 * removing each other at once cannot leave it without one: the second waits and then sees one owner.
 */
export async function lockTeam(tx: Tx, companyId: string): Promise<string> {
  const name = await lockCompany(tx.db, companyId);
  if (name === null) throw notFound("Company");
  return name;
}

/** 409 unless the company keeps an owner once `userId` is no longer one. Call after `lockTeam`. */
export async function ensureAnotherOwner(tx: Tx, companyId: string, userId: string): Promise<void> {
  const other = await tx.db
    .selectFrom("memberships")
    .select("user_id")
    .where("company_id", "=", companyId)
    .where("role", "=", "owner")
    .where("user_id", "!=", userId)
    .executeTakeFirst();
  if (!other) throw conflict(LAST_OWNER_MESSAGE);
}
