import type { ImportError, ImportRow, TaskImport } from "../../common/wire/imports.ts";
import type { Page } from "../../common/wire/page.ts";
import { api } from "../api/client.ts";
import { ApiError, NETWORK_STATUS, toProblem } from "../api/problem.ts";

export type { ImportError, ImportRow, TaskImport };

/** How a preview is imported (the commit's body). */
export interface CommitOptions {
  skipInvalidRows?: boolean;
  send?: boolean;
  allowSameFile?: boolean;
}

const importsPath = (cid: string) => `/api/companies/${encodeURIComponent(cid)}/task-imports`;
const importPath = (cid: string, id: string) => `${importsPath(cid)}/${encodeURIComponent(id)}`;

export const importLinks = {
  sampleXlsx: (cid: string) => `${importsPath(cid)}/sample.xlsx`,
  sampleCsv: (cid: string) => `${importsPath(cid)}/sample.csv`,
  errorsCsv: (cid: string, id: string) => `${importPath(cid, id)}/errors.csv`,
};

/** Sends the file as the browser's multipart form, so the server streams it to disk. */
async function upload(cid: string, file: File): Promise<TaskImport> {
  const body = new FormData();
  body.append("file", file, file.name);
  let response: Response;
  try {
    response = await fetch(importsPath(cid), { method: "POST", body, credentials: "same-origin" });
  } catch {
    throw new ApiError(toProblem(NETWORK_STATUS, undefined));
  }
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = text;
  }
  if (!response.ok) throw new ApiError(toProblem(response.status, parsed));
  return parsed as TaskImport;
}

export const importsApi = {
  upload,
  list: (cid: string, signal?: AbortSignal) =>
    api.get<Page<TaskImport>>(`${importsPath(cid)}?limit=10`, signal),
  get: (cid: string, id: string, signal?: AbortSignal) => api.get<TaskImport>(importPath(cid, id), signal),
  errors: (cid: string, id: string, cursor: string | null, signal?: AbortSignal) =>
    api.get<Page<ImportError>>(
      `${importPath(cid, id)}/errors${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ""}`,
      signal,
    ),
  rows: (cid: string, id: string, status: ImportRow["status"], cursor: string | null, signal?: AbortSignal) =>
    api.get<Page<ImportRow>>(
      `${importPath(cid, id)}/rows?status=${status}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
      signal,
    ),
  discard: (cid: string, id: string) => api.delete<void>(importPath(cid, id)),
  commit: (cid: string, id: string, body: CommitOptions) =>
    api.post<TaskImport>(`${importPath(cid, id)}/commit`, body),
};
