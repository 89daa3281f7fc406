import type { CompanyOverview } from "../../common/wire/overview.ts";
import { api } from "../api/client.ts";

export type { CompanyOverview } from "../../common/wire/overview.ts";

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
