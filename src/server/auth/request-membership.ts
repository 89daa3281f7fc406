import type { FastifyRequest } from "fastify";
import type { MembershipFacts } from "./membership-facts.ts";

/**
 * The membership the session read found for the company a request's URL names (`/api/companies/:cid/…`),
 * kept for `requireCompanyActor` so that it need not ask the database again in the same request.
 */
const reads = new WeakMap<FastifyRequest, { companyId: string; membership: MembershipFacts | null }>();

export function keepMembershipRead(
  request: FastifyRequest,
  companyId: string,
  membership: MembershipFacts | null,
): void {
  reads.set(request, { companyId, membership });
}

/** The membership read with the session for `companyId`: null when not a member, undefined when not read. */
export function membershipReadFor(
  request: FastifyRequest,
  companyId: string,
): MembershipFacts | null | undefined {
  const read = reads.get(request);
  return read?.companyId === companyId ? read.membership : undefined;
}
