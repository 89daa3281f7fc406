import type { CompanyOverview, ContractorOverview } from "../../common/wire/overview.ts";
import { api } from "../api/client.ts";

export type { CompanyOverview, ContractorOverview } from "../../common/wire/overview.ts";

/** The company's counts; `today` (the reader's date) decides which tasks are overdue. */
export function fetchCompanyOverview(
  companyId: string,
  today: string,
  signal?: AbortSignal,
): Promise<CompanyOverview> {
  const params = new URLSearchParams({ today });
  return api.get<CompanyOverview>(
    `/api/companies/${encodeURIComponent(companyId)}/overview?${params}`,
    signal,
  );
}

/** The signed-in contractor's earnings per month and currency, from every company. */
export function fetchMyOverview(signal?: AbortSignal): Promise<ContractorOverview> {
  return api.get<ContractorOverview>("/api/me/overview", signal);
}
