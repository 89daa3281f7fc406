import type { InfiniteData } from "@tanstack/react-query";
import type { ContractorStatus } from "../../common/contractor-status.ts";
import type { Contractor, ContractorPage, InviteResult } from "../../common/wire/contractors.ts";
import type { HeldEmails } from "../../common/wire/mail.ts";
import { api } from "../api/client.ts";

export type {
  Contractor,
  ContractorPage,
  InviteOutcome,
  InviteResult,
} from "../../common/wire/contractors.ts";

export interface ContractorFilter {
  q: string;
  /** "current" lists Invited and Active, as the API does without a status. */
  status: "current" | ContractorStatus;
}

export const PAGE_SIZE = 50;

const companyPath = (companyId: string) => `/api/companies/${encodeURIComponent(companyId)}/contractors`;

export function fetchContractorPage(
  companyId: string,
  filter: ContractorFilter,
  cursor: string | null,
  signal?: AbortSignal,
): Promise<ContractorPage> {
  const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
  const q = filter.q.trim();
  if (q) params.set("q", q);
  if (filter.status !== "current") params.set("status", filter.status);
  if (cursor) params.set("cursor", cursor);
  // How many match: asked with the first page only (the count does not change from page to page).
  else params.set("total", "true");
  return api.get<ContractorPage>(`${companyPath(companyId)}?${params}`, signal);
}

export function inviteContractors(
  companyId: string,
  body: { emails: string; message?: string },
): Promise<{ results: InviteResult[] }> {
  return api.post(`${companyPath(companyId)}/invitations`, body);
}

export function resendInvitation(companyId: string, contractorId: string): Promise<Contractor> {
  return api.post(`${companyPath(companyId)}/${encodeURIComponent(contractorId)}/resend-invitation`);
}

export function removeContractor(companyId: string, contractorId: string): Promise<void> {
  return api.delete(`${companyPath(companyId)}/${encodeURIComponent(contractorId)}`);
}

/** Whether a contractor belongs in a list filtered this way (the search is the server's: only status here). */
export function matchesStatus(contractor: Contractor, status: ContractorFilter["status"]): boolean {
  return status === "current" ? contractor.status !== "removed" : contractor.status === status;
}

/**
 * A contractor.updated event applied to a loaded list at once: the row is replaced where it is shown, or
 * dropped when its new status leaves the filter. New rows come with the refetch the event also causes.
 */
export function applyContractorUpdate(
  data: InfiniteData<ContractorPage, string | null> | undefined,
  contractor: Contractor,
  status: ContractorFilter["status"],
): InfiniteData<ContractorPage, string | null> | undefined {
  if (!data) return data;
  const keep = matchesStatus(contractor, status);
  let changed = false;
  const pages = data.pages.map((page) => {
    if (!page.items.some((c) => c.id === contractor.id)) return page;
    changed = true;
    return {
      ...page,
      items: keep
        ? page.items.map((c) => (c.id === contractor.id ? contractor : c))
        : page.items.filter((c) => c.id !== contractor.id),
    };
  });
  return changed ? { ...data, pages } : data;
}

export function fetchHeldEmails(companyId: string, signal?: AbortSignal): Promise<HeldEmails> {
  return api.get<HeldEmails>(`/api/companies/${encodeURIComponent(companyId)}/held-emails`, signal);
}
