import type { Kysely } from "kysely";
import { newId } from "../db/ids.ts";
import type { DB } from "../db/types.ts";
import { tooManyRequests } from "../http/problem.ts";
import type { CompanyActor } from "../kernel/actors.ts";
import type { Tx } from "../kernel/tx.ts";
import { publishImportUpdated } from "./events.ts";
import { findImportRecord, findSameFile, type ImportRecord } from "./queries.ts";

export interface UploadedFile {
  fileName: string;
  size: number;
  sha256: string;
}

/** Files of one company read at once; more wait until one of them is read (429 with Retry-After). */
export const READINGS_PER_COMPANY = 3;

/** Checked before the upload is received: a company already reading enough files is told to wait. */
export async function ensureReadingRoom(db: Kysely<DB>, companyId: string): Promise<void> {
  const row = await db
    .selectFrom("task_imports")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("company_id", "=", companyId)
    .where("status", "=", "parsing")
    .executeTakeFirstOrThrow();
  if (Number(row.n) >= READINGS_PER_COMPANY) {
    throw tooManyRequests(
      10,
      `${READINGS_PER_COMPANY} files of this company are still being read. Upload this one when they are done.`,
    );
  }
}

/**
 * Records an uploaded file as a new import, being read (`parsing`). The file is flagged when the very same
 * bytes were imported before in the company.
 */
export async function startImport(tx: Tx, actor: CompanyActor, file: UploadedFile): Promise<ImportRecord> {
  const at = tx.now.toISOString();
  const id = newId(tx.now.getTime());
  await tx.db
    .insertInto("task_imports")
    .values({
      id,
      company_id: actor.companyId,
      created_by: actor.userId,
      status: "parsing",
      file_name: file.fileName,
      file_kind: null,
      file_size: file.size,
      file_sha256: file.sha256,
      encoding: null,
      delimiter: null,
      progress_done: 0,
      progress_total: file.size,
      total_rows: 0,
      valid_rows: 0,
      invalid_rows: 0,
      duplicate_rows: 0,
      error_count: 0,
      same_file_as: await findSameFile(tx.db, actor.companyId, file.sha256),
      warnings: "[]",
      error: null,
      header: null,
      created_at: at,
      updated_at: at,
      committed_at: null,
      created_tasks: null,
      invited_contractors: null,
    })
    .execute();
  await publishImportUpdated(tx, actor.companyId, id);
  return findImportRecord(tx.db, actor.companyId, id);
}
