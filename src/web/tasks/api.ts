import type { TaskSort } from "../../common/task-sort.ts";
import type { TaskStatus } from "../../common/task-status.ts";
import type { Page } from "../../common/wire/page.ts";
import type { Task, TaskContractor, UpdateTaskBody } from "../../common/wire/tasks.ts";
import { api } from "../api/client.ts";

export type { Page } from "../../common/wire/page.ts";
export type { Task, TaskHistoryEntry } from "../../common/wire/tasks.ts";

/** The contract's contractor object, as far as the task pages need it. */
export type ContractorOption = TaskContractor;

export interface CompanyTaskFilters {
  status?: TaskStatus | undefined;
  contractorId?: string | undefined;
  project?: string | undefined;
  q?: string | undefined;
  sort?: TaskSort | undefined;
}

export interface MyTaskFilters {
  companyId?: string | undefined;
  status?: TaskStatus | undefined;
  sort?: TaskSort | undefined;
}

/** The list's query: its filters, its order, a page after the cursor, the total with the first page. */
function listParams(filters: CompanyTaskFilters | MyTaskFilters, cursor: string | null) {
  return {
    ...filters,
    sort: filters.sort === "newest" ? undefined : filters.sort,
    cursor,
    limit: TASK_PAGE_SIZE,
    total: cursor ? undefined : "true",
  };
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
    api.get<Page<Task>>(`${companyPath(cid)}/tasks${queryString(listParams(filters, cursor))}`, signal),
  get: (cid: string, id: string, signal?: AbortSignal) => api.get<Task>(taskPath(cid, id), signal),
  create: (cid: string, body: UpdateTaskBody & { send: boolean }) =>
    api.post<Task>(`${companyPath(cid)}/tasks`, body),
  update: (cid: string, id: string, body: UpdateTaskBody) => api.patch<Task>(taskPath(cid, id), body),
  remove: (cid: string, id: string) => api.delete<void>(taskPath(cid, id)),
  act: (cid: string, id: string, action: string, body: { comment?: string | null } = {}) =>
    api.post<Task>(`${taskPath(cid, id)}/${encodeURIComponent(action)}`, body),
};

export const myTasksApi = {
  list: (filters: MyTaskFilters, cursor: string | null, signal?: AbortSignal) =>
    api.get<Page<Task>>(`/api/me/tasks${queryString(listParams(filters, cursor))}`, signal),
  get: (id: string, signal?: AbortSignal) => api.get<Task>(`/api/me/tasks/${encodeURIComponent(id)}`, signal),
  act: (
    id: string,
    action: string,
    body: { comment?: string | null; result?: string; link?: string | null } = {},
  ) => api.post<Task>(`/api/me/tasks/${encodeURIComponent(id)}/${encodeURIComponent(action)}`, body),
};

export const contractorsApi = {
  search: (cid: string, q: string, signal?: AbortSignal) =>
    api.get<Page<ContractorOption>>(
      `${companyPath(cid)}/contractors${queryString({ q: q.trim(), limit: PICKER_LIMIT })}`,
      signal,
    ),
};
