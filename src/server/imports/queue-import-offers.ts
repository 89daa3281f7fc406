import type { CompanyActor } from "../kernel/actors.ts";
import type { Tx } from "../kernel/tx.ts";
import { queueImportOffers as queueOffers } from "../tasks/import-tasks.ts";
import { stillCommitting } from "./committing.ts";

/**
 * Queues, held, the offer emails of the next `limit` contractors of a committing import that sends its
 * tasks (one email per contractor, listing their tasks), and moves its cursor with them. Answers true once
 * every contractor's email is queued (at once for an import of Drafts).
 */
export async function queueImportOffers(
  tx: Tx,
  actor: CompanyActor,
  input: { importId: string; limit: number },
): Promise<boolean> {
  const record = await stillCommitting(tx, actor, input.importId);
  if (record.commit_send !== 1) return true;
  const last = await queueOffers(tx, actor, {
    importId: input.importId,
    afterContractorId: record.offers_cursor ?? "",
    limit: input.limit,
  });
  if (last === null) return true;
  await tx.db
    .updateTable("task_imports")
    .set({ offers_cursor: last, updated_at: tx.now.toISOString() })
    .where("id", "=", input.importId)
    .execute();
  return false;
}
