import type { DocumentItem, StatementRun } from "../../common/wire/documents.ts";
import type { DocumentsTable, StatementRunsTable } from "../db/types.ts";

export type DocumentRow = Omit<DocumentsTable, "pdf" | "issue_key">;

export function presentDocument(row: DocumentRow): DocumentItem {
  return {
    id: row.id,
    number: row.number,
    kind: row.kind,
    title: row.title,
    ...(row.period ? { period: row.period } : {}),
    ...(row.task_id ? { taskId: row.task_id } : {}),
    createdAt: row.created_at,
  };
}

export function presentRun(row: StatementRunsTable): StatementRun {
  return {
    id: row.id,
    period: row.period,
    status: row.status,
    total: Number(row.total),
    issued: Number(row.issued),
    skipped: Number(row.skipped),
    error: row.error,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  };
}
