import type { ImportStatus } from "../../common/wire/imports.ts";
import { conflict } from "../http/problem.ts";
import type { CompanyActor } from "../kernel/actors.ts";
import type { Tx } from "../kernel/tx.ts";
import { publishImportUpdated } from "./events.ts";
import { findImportRecord } from "./queries.ts";

const DISCARDABLE: readonly ImportStatus[] = ["parsing", "validated", "failed"];

/**
 * Discards an import that created nothing: its staging rows and errors go, the import stays as `discarded`.
 * A file still being read stops being read. Discarding twice changes nothing.
 */
export async function discardImport(tx: Tx, actor: CompanyActor, importId: string): Promise<void> {
  const row = await findImportRecord(tx.db, actor.companyId, importId);
  if (row.status === "discarded") return;
  if (!DISCARDABLE.includes(row.status)) {
    throw conflict(
      `This import is ${row.status === "done" ? "done" : "being imported"}; it can no longer be discarded.`,
      [],
    );
  }
  await tx.db.deleteFrom("task_import_rows").where("import_id", "=", importId).execute();
  await tx.db.deleteFrom("task_import_errors").where("import_id", "=", importId).execute();
  await tx.db
    .updateTable("task_imports")
    .set({ status: "discarded", updated_at: tx.now.toISOString() })
    .where("id", "=", importId)
    .execute();
  await publishImportUpdated(tx, actor.companyId, importId);
}
