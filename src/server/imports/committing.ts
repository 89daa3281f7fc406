import type { CompanyActor } from "../kernel/actors.ts";
import type { Tx } from "../kernel/tx.ts";
import type { ImportRecord } from "./queries.ts";
import { ImportStopped } from "./stage-rows.ts";

/** The import being committed, under its company; throws ImportStopped when it is not committing (any more). */
export async function stillCommitting(tx: Tx, actor: CompanyActor, importId: string): Promise<ImportRecord> {
  const row = await tx.db
    .selectFrom("task_imports")
    .selectAll()
    .where("id", "=", importId)
    .where("company_id", "=", actor.companyId)
    .executeTakeFirst();
  if (row?.status !== "committing") throw new ImportStopped();
  return row;
}
