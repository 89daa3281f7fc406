import type { FastifyRequest } from "fastify";
import type { MembershipRole } from "../db/types.ts";
import { forbidden, notFound } from "../http/problem.ts";
import { requireUser } from "../http/request-user.ts";
import type { CompanyActor, SupportAgent } from "../kernel/actors.ts";
import type { AppContext } from "../kernel/context.ts";
import { readMembership } from "./membership-facts.ts";
import { membershipReadFor } from "./request-membership.ts";
import { checkTwoStepDemand } from "./two-step-demand.ts";

export interface CompanyMember extends CompanyActor {
  role: MembershipRole;
}

/**
 * The caller acting in the company named by the URL, with their role. Not signed in: 401. Not a member:
 * 404, as if the company did not exist, so ids of other companies reveal nothing. A role not in `roles`: 403.
 * A company that requires two-step sign-in of a member who has not set it up: 403 (`checkTwoStepDemand`).
 * A company's API token (`request.apiToken`) acts as its company with its role (door `api`), for the owner who
 * created it; in another company it is a 404 like anyone's.
 */
export async function requireCompanyActor(
  context: AppContext,
  request: FastifyRequest,
  companyId: string,
  roles: readonly MembershipRole[] = ["owner", "manager"],
): Promise<CompanyMember> {
  const token = request.apiToken;
  if (token) {
    if (token.companyId !== companyId) throw notFound("Company");
    if (!roles.includes(token.role)) throw forbidden();
    return { companyId, userId: token.createdBy, role: token.role, door: "api", tokenId: token.id };
  }
  const { user } = requireUser(request);
  const read = membershipReadFor(request, companyId);
  const membership =
    read !== undefined ? read : await readMembership(context.database.db, user.id, companyId);
  if (!membership) throw notFound("Company");
  if (!roles.includes(membership.role)) throw forbidden();
  checkTwoStepDemand(membership);
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
