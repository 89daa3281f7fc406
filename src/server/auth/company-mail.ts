import type { Kysely } from "kysely";
import type { DB } from "../db/types.ts";

/** A company's emails to the outside world (invitations, tasks): whose they are, and whether they wait. */
export interface CompanyMail {
  id: string;
  held: boolean;
}

/**
 * Not a spam cannon: a company can prepare everything before its owner confirms their email address, but its
 * invitation and task emails are held until one of its owners has (a made-up company on someone else's
 * address sends nothing). `proveMailbox` releases them.
 */
export async function companyMail(db: Kysely<DB>, companyId: string): Promise<CompanyMail> {
  const confirmedOwner = await db
    .selectFrom("memberships as m")
    .innerJoin("users as u", "u.id", "m.user_id")
    .select("u.id")
    .where("m.company_id", "=", companyId)
    .where("m.role", "=", "owner")
    .where("u.email_verified_at", "is not", null)
    .executeTakeFirst();
  return { id: companyId, held: confirmedOwner === undefined };
}
