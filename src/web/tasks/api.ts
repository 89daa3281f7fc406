import type { TaskStatus } from "../../common/task-status.ts";
import { api } from "../api/client.ts";
import type { ContractorStatus } from "../api/me.ts";

/** The contract's task object (`history` only on single-task reads, `company` only on the contractor's). */
export interface Task {
  id: string;
  number: number;
  title: string;
  description: string;
  status: TaskStatus;
  contractor: { id: string; name: string; email: string; status: ContractorStatus } | null;
  amount: string;
  currency: string;
  deadline: string | null;
  project: string | null;
  externalId: string | null;
  createdAt: string;
  updatedAt: string;
  history?: TaskHistoryEntry[];
  company?: { id: string; name: string };
}

export interface TaskHistoryEntry {
  at: string;
  actor: { id: string; name: string };
  from: TaskStatus | null;
  to: TaskStatus;
  comment: string | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** The contract's contractor object, as far as the task pages need it. */
export interface ContractorOption {
  id: string;
  name: string;
  email: string;
  status: ContractorStatus;
}

/** What the task form sends (create) or changes (PATCH: only the fields the status still allows). */
export interface TaskFieldsBody {
  title?: string;
  description?: string | null;
  amount?: string;
  currency?: string;
  deadline?: string | null;
  project?: string | null;
  externalId?: string | null;
  contractorId?: string | null;
}

export interface CompanyTaskFilters {
  status?: TaskStatus | undefined;
  contractorId?: string | undefined;
  project?: string | undefined;
  q?: string | undefined;
}

export interface MyTaskFilters {
  companyId?: string | undefined;
  status?: TaskStatus | undefined;
}

/** A query string from the filters that are set; empty ones are left out, so the server sees no filter. */
export function queryString(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === "") continue;
    search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

const companyPath = (cid: string) => `/api/companies/${encodeURIComponent(cid)}`;
const taskPath = (cid: string, id: string) => `${companyPath(cid)}/tasks/${encodeURIComponent(id)}`;

export const TASK_PAGE_SIZE = 25;
/** The picker shows this many matches: enough to choose from, small enough to stay fast at 100,000. */
export const PICKER_LIMIT = 20;

export const tasksApi = {
  list: (cid: string, filters: CompanyTaskFilters, cursor: string | null, signal?: AbortSignal) =>
    api.get<Page<Task>>(
      `${companyPath(cid)}/tasks${queryString({ ...filters, cursor, limit: TASK_PAGE_SIZE })}`,
      signal,
    ),
  get: (cid: string, id: string, signal?: AbortSignal) => api.get<Task>(taskPath(cid, id), signal),
  create: (cid: string, body: TaskFieldsBody & { send: boolean }) =>
    api.post<Task>(`${companyPath(cid)}/tasks`, body),
  update: (cid: string, id: string, body: TaskFieldsBody) => api.patch<Task>(taskPath(cid, id), body),
  remove: (cid: string, id: string) => api.delete<void>(taskPath(cid, id)),
  act: (cid: string, id: string, action: string, body: { comment?: string | null } = {}) =>
    api.post<Task>(`${taskPath(cid, id)}/${encodeURIComponent(action)}`, body),
};

export const myTasksApi = {
  list: (filters: MyTaskFilters, cursor: string | null, signal?: AbortSignal) =>
    api.get<Page<Task>>(`/api/me/tasks${queryString({ ...filters, cursor, limit: TASK_PAGE_SIZE })}`, signal),
  get: (id: string, signal?: AbortSignal) => api.get<Task>(`/api/me/tasks/${encodeURIComponent(id)}`, signal),
  act: (
    id: string,
    action: string,
    body: { comment?: string | null; result?: string; link?: string | null } = {},
  ) => api.post<Task>(`/api/me/tasks/${encodeURIComponent(id)}/${encodeURIComponent(action)}`, body),
};

export interface InviteResult {
  email: string;
  outcome: "invited" | "already_in_team" | "invalid";
  contractorId?: string;
  reason?: "format" | "self";
}

export const contractorsApi = {
  search: (cid: string, q: string, signal?: AbortSignal) =>
    api.get<Page<ContractorOption>>(
      `${companyPath(cid)}/contractors${queryString({ q: q.trim(), limit: PICKER_LIMIT })}`,
      signal,
    ),
  get: (cid: string, id: string) =>
    api.get<ContractorOption>(`${companyPath(cid)}/contractors/${encodeURIComponent(id)}`),
  invite: (cid: string, email: string) =>
    api.post<{ results: InviteResult[] }>(`${companyPath(cid)}/contractors/invitations`, { emails: email }),
};
