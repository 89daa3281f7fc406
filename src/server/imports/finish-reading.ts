import type { Tx } from "../kernel/tx.ts";
import type { ImportRef } from "./actor.ts";
import { publishImportUpdated } from "./events.ts";
import { stillReading } from "./stage-rows.ts";

/** The whole file was read: the preview is ready (`validated`). */
export async function finishReading(tx: Tx, ref: ImportRef): Promise<void> {
  await stillReading(tx, ref);
  await tx.db
    .updateTable("task_imports")
    .set((eb) => ({
      status: "validated",
      progress_done: eb.ref("progress_total"),
      updated_at: tx.now.toISOString(),
    }))
    .where("id", "=", ref.importId)
    .where("status", "=", "parsing")
    .execute();
  await publishImportUpdated(tx, ref.companyId, ref.importId);
}

/** The file could not be read: the import fails with the reason, and keeps none of its rows. */
export async function failReading(tx: Tx, ref: ImportRef, message: string): Promise<void> {
  await stillReading(tx, ref);
  await recordFailure(tx, ref, message);
}

/** Marks a reading import failed with `message`; its staged rows and errors go, its counts return to 0. */
export async function recordFailure(tx: Tx, ref: ImportRef, message: string): Promise<void> {
  await tx.db.deleteFrom("task_import_rows").where("import_id", "=", ref.importId).execute();
  await tx.db.deleteFrom("task_import_errors").where("import_id", "=", ref.importId).execute();
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
    .where("id", "=", ref.importId)
    .where("status", "=", "parsing")
    .execute();
  await publishImportUpdated(tx, ref.companyId, ref.importId);
}
