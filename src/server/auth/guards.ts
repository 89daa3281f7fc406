import type { FastifyRequest } from "fastify";
import type { MembershipRole } from "../db/types.ts";
import { forbidden, notFound } from "../http/problem.ts";
import { requireUser } from "../http/request-user.ts";
import type { CompanyActor } from "../kernel/actors.ts";
import type { AppContext } from "../kernel/context.ts";

export interface CompanyMember extends CompanyActor {
  role: MembershipRole;
}

/**
 * The caller acting in the company named by the URL, with their role. Not signed in: 401. Not a member:
 * 404, as if the company did not exist, so ids of other companies reveal nothing. A role not in `roles`: 403.
 */
export async function requireCompanyActor(
  context: AppContext,
  request: FastifyRequest,
  companyId: string,
  roles: readonly MembershipRole[] = ["owner", "manager"],
): Promise<CompanyMember> {
  const { user } = requireUser(request);
  const membership = await context.database.db
    .selectFrom("memberships")
    .select("role")
    .where("company_id", "=", companyId)
    .where("user_id", "=", user.id)
    .executeTakeFirst();
  if (!membership) throw notFound("Company");
  if (!roles.includes(membership.role)) throw forbidden();
  return { companyId, userId: user.id, role: membership.role };
}
