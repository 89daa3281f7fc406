import type { AuditPage, AuditPerson } from "../../common/wire/audit.ts";
import { api } from "../api/client.ts";

export type { AuditEntry } from "../../common/wire/audit.ts";

export interface AuditFilters {
  action?: string | null;
  person?: string | null;
  door?: string | null;
  from?: string | null;
  to?: string | null;
}

const base = (cid: string) => `/api/companies/${encodeURIComponent(cid)}/audit`;

function search(filters: Record<string, string | null | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
  const text = params.toString();
  return text ? `?${text}` : "";
}

export const auditApi = {
  entries: (cid: string, filters: AuditFilters, cursor?: string | null) =>
    api.get<AuditPage>(`${base(cid)}${search({ ...filters, cursor })}`),
  people: (cid: string) => api.get<{ items: AuditPerson[] }>(`${base(cid)}/people`),
  csvUrl: (cid: string, filters: AuditFilters) => `${base(cid)}.csv${search({ ...filters })}`,
};
