import type { CompanyActor } from "../kernel/actors.ts";
import type { Tx } from "../kernel/tx.ts";
import { publishImportUpdated } from "./events.ts";
import { stillReading } from "./stage-rows.ts";

/** The whole file was read: the preview is ready (`validated`). */
export async function finishReading(tx: Tx, actor: CompanyActor, importId: string): Promise<void> {
  await stillReading(tx, actor, importId);
  await tx.db
    .updateTable("task_imports")
    .set((eb) => ({
      status: "validated",
      progress_done: eb.ref("progress_total"),
      updated_at: tx.now.toISOString(),
    }))
    .where("id", "=", importId)
    .where("status", "=", "parsing")
    .execute();
  await publishImportUpdated(tx, actor.companyId, importId);
}
