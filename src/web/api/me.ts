import { useQuery } from "@tanstack/react-query";
import type { Me } from "../../common/wire/me.ts";
import { api } from "./client.ts";
import { ApiError } from "./problem.ts";
import { queryKeys } from "./query-keys.ts";

export type { Me, User } from "../../common/wire/me.ts";

/** Who is signed in, or null when nobody is (a 401 is an answer here, not an error). */
export async function fetchMe(signal?: AbortSignal): Promise<Me | null> {
  try {
    return await api.get<Me>("/api/me", signal);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export function useMe() {
  return useQuery({ queryKey: queryKeys.me(), queryFn: ({ signal }) => fetchMe(signal), staleTime: 30_000 });
}

/** Works for companies: sees Overview, Contractors and Tasks. */
export function isCompanyUser(me: Me): boolean {
  return me.companies.length > 0;
}

/**
 * Works as a contractor: sees My tasks and Profile. An account that belongs to no company is a contractor
 * who signed up alone ("I want to get paid"), even before any company invited them.
 */
export function isContractor(me: Me): boolean {
  if (isSupportAgent(me) || isFinance(me)) return false;
  return me.contractorOf.length > 0 || me.pendingInvitations.length > 0 || me.companies.length === 0;
}

/** Crewdesk's own support staff: they answer from the support console and belong to no company. */
export function isSupportAgent(me: Me): boolean {
  return me.user.platformRole === "support";
}

/** The operator's finance staff: they record top-ups from the finance console. */
export function isFinance(me: Me): boolean {
  return me.user.platformRole === "finance";
}

/** Where `/` leads: a company's Overview, else My tasks. */
export function homePath(me: Me, preferredCompanyId?: string | null): string {
  if (isSupportAgent(me)) return "/console";
  if (isFinance(me)) return "/finance";
  const company = me.companies.find((c) => c.id === preferredCompanyId) ?? me.companies[0];
  if (company) return `/companies/${encodeURIComponent(company.id)}/overview`;
  return "/my/tasks";
}
