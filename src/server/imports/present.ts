import type { Kysely } from "kysely";
import { IMPORT_ERRORS_INLINE } from "../../common/imports/limits.ts";
import type { TaskImport } from "../../common/wire/imports.ts";
import type { DB } from "../db/types.ts";
import { type ImportRecord, listImportErrors } from "./queries.ts";

function parseWarnings(text: string): string[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((w): w is string => typeof w === "string") : [];
  } catch {
    return [];
  }
}

/** The import object of the contract, with its first errors. */
export async function presentImport(db: Kysely<DB>, row: ImportRecord): Promise<TaskImport> {
  const errors = row.error_count ? (await listImportErrors(db, row.id, 0, IMPORT_ERRORS_INLINE)).items : [];
  return {
    id: row.id,
    status: row.status,
    fileName: row.file_name,
    encoding: row.encoding,
    delimiter: row.delimiter,
    progress: { done: Number(row.progress_done), total: Number(row.progress_total) },
    totalRows: row.total_rows,
    validRows: row.valid_rows,
    invalidRows: row.invalid_rows,
    duplicateRows: row.duplicate_rows,
    sameFileAs: row.same_file_as,
    warnings: parseWarnings(row.warnings),
    error: row.error,
    errors,
    errorCount: row.error_count,
    result:
      row.created_tasks === null
        ? null
        : {
            createdTasks: row.created_tasks,
            invitedContractors: row.invited_contractors ?? 0,
            unfundedTasks: row.unfunded_tasks ?? 0,
            skippedRows: row.skipped_rows ?? 0,
          },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
