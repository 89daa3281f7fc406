import type { Kysely, SelectQueryBuilder } from "kysely";
import type { DB, MembershipRole } from "../db/types.ts";
import type { TwoStepFacts } from "./two-step-demand.ts";

/** A member's standing in a company: their role and what the two-step rule reads. */
export interface MembershipFacts extends TwoStepFacts {
  role: MembershipRole;
}

/**
 * Adds to a query that reads `users` the user's standing in `companyId`: the role, the company's name and
 * two-step rule, and a confirmed second step, by three left joins on primary keys. A user who is not a
 * member gets nulls (`membershipFactsOf` makes them null). The one place these facts are read from, whether
 * with the session (`readSession`) or alone (`readMembership`).
 */
export function withMembershipFacts(query: SelectQueryBuilder<DB, "users", object>, companyId: string) {
  return query
    .leftJoin("memberships as m", (join) =>
      join.onRef("m.user_id", "=", "users.id").on("m.company_id", "=", companyId),
    )
    .leftJoin("companies as c", "c.id", "m.company_id")
    .leftJoin("two_step_secrets as t", (join) =>
      join.onRef("t.user_id", "=", "m.user_id").on("t.confirmed_at", "is not", null),
    )
    .select(["m.role", "c.name as company_name", "c.two_step_required", "t.user_id as holder"]);
}

/** The columns `withMembershipFacts` adds, as a row holds them. */
export interface MembershipColumns {
  role?: MembershipRole | null;
  company_name?: string | null;
  two_step_required?: number | null;
  holder?: string | null;
}

export function membershipFactsOf({
  role,
  company_name,
  two_step_required,
  holder,
}: MembershipColumns): MembershipFacts | null {
  if (role == null || company_name == null || two_step_required == null) return null;
  return { role, name: company_name, two_step_required, holder: holder ?? null };
}

/** The user's standing in `companyId`, or null when not a member: for a company the URL does not name. */
export async function readMembership(
  db: Kysely<DB>,
  userId: string,
  companyId: string,
): Promise<MembershipFacts | null> {
  const row = await withMembershipFacts(db.selectFrom("users"), companyId)
    .where("users.id", "=", userId)
    .executeTakeFirst();
  return row ? membershipFactsOf(row) : null;
}
