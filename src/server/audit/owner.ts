import type { FastifyRequest } from "fastify";
import { requireCompanyActor } from "../auth/guards.ts";
import { notFound } from "../http/problem.ts";
import type { CompanyActor } from "../kernel/actors.ts";
import type { AppContext } from "../kernel/context.ts";

/**
 * An owner of the company behind the request. A manager gets the same 404 as a stranger: the audit log and
 * the webhooks are the owners' own, and their existence is not a manager's business.
 */
export async function requireCompanyOwner(
  context: AppContext,
  request: FastifyRequest,
  companyId: string,
): Promise<CompanyActor> {
  const member = await requireCompanyActor(context, request, companyId);
  if (member.role !== "owner") throw notFound("Company");
  const { role: _role, ...actor } = member;
  return actor;
}
