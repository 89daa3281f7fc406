import type { FastifyRequest } from "fastify";
import type { MembershipRole } from "../db/types.ts";
import { forbidden, notFound } from "../http/problem.ts";
import { requireUser } from "../http/request-user.ts";
import type { CompanyActor, SupportAgent } from "../kernel/actors.ts";
import type { AppContext } from "../kernel/context.ts";
import { checkTwoStepDemand } from "./two-step-demand.ts";

export interface CompanyMember extends CompanyActor {
  role: MembershipRole;
}

/**
 * The caller acting in the company named by the URL, with their role. Not signed in: 401. Not a member:
 * 404, as if the company did not exist, so ids of other companies reveal nothing. A role not in `roles`: 403.
 * A company that requires two-step sign-in of a member who has not set it up: 403 (`checkTwoStepDemand`).
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
  await checkTwoStepDemand(context.database.db, companyId, user.id);
  return { companyId, userId: user.id, role: membership.role };
}

/**
 * The support agent behind the request (platform role `support`). Anyone else (signed out, a company user,
 * a contractor) gets 404, as if the support console did not exist.
 */
export function requireSupportAgent(request: FastifyRequest): SupportAgent {
  const user = request.auth?.user;
  if (user?.platform_role !== "support") throw notFound();
  return { userId: user.id, name: user.name };
}
