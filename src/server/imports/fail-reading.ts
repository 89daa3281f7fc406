import type { CompanyActor } from "../kernel/actors.ts";
import type { Tx } from "../kernel/tx.ts";
import { publishImportUpdated } from "./events.ts";
import { stillReading } from "./stage-rows.ts";

export interface FailReadingInput {
  importId: string;
  /** What the person reads: what is wrong with the file, or what to do. */
  message: string;
}

/** The file could not be read: the import fails with the reason, and keeps none of its rows. */
export async function failReading(tx: Tx, actor: CompanyActor, input: FailReadingInput): Promise<void> {
  await stillReading(tx, actor, input.importId);
  await recordFailure(tx, actor.companyId, input);
}

/** Marks a reading import failed with `message`; its staged rows and errors go, its counts return to 0. */
export async function recordFailure(tx: Tx, companyId: string, input: FailReadingInput): Promise<void> {
  const { importId, message } = input;
  await tx.db.deleteFrom("task_import_rows").where("import_id", "=", importId).execute();
  await tx.db.deleteFrom("task_import_errors").where("import_id", "=", importId).execute();
  await tx.db
    .updateTable("task_imports")
    .set({
      status: "failed",
      error: message,
      total_rows: 0,
      valid_rows: 0,
      invalid_rows: 0,
      duplicate_rows: 0,
      error_count: 0,
      updated_at: tx.now.toISOString(),
    })
    .where("id", "=", importId)
    .where("company_id", "=", companyId)
    .where("status", "=", "parsing")
    .execute();
  await publishImportUpdated(tx, companyId, importId);
}
