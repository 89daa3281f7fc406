import type { DocumentPage, StatementRun } from "../../common/wire/documents.ts";
import { api } from "../api/client.ts";

export type { StatementRun } from "../../common/wire/documents.ts";

export interface DocumentFilters {
  kind?: string | null;
  month?: string | null;
}

const company = (cid: string) => `/api/companies/${encodeURIComponent(cid)}`;

function search(filters: Record<string, string | null | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
  const text = params.toString();
  return text ? `?${text}` : "";
}

export const documentsApi = {
  company: (cid: string, filters: DocumentFilters, cursor?: string | null) =>
    api.get<DocumentPage>(`${company(cid)}/documents${search({ ...filters, cursor })}`),
  companyPdfUrl: (cid: string, id: string) => `${company(cid)}/documents/${encodeURIComponent(id)}.pdf`,
  mine: (filters: DocumentFilters, cursor?: string | null) =>
    api.get<DocumentPage>(`/api/me/documents${search({ ...filters, cursor })}`),
  myPdfUrl: (id: string) => `/api/me/documents/${encodeURIComponent(id)}.pdf`,
  statementRuns: () => api.get<{ items: StatementRun[] }>("/api/finance/statement-runs"),
  issueStatements: (period: string) => api.post<StatementRun>("/api/finance/statement-runs", { period }),
};
