import type { CompanyActor } from "../kernel/actors.ts";
import { auditWhoOf, recordAudit } from "../kernel/audit.ts";
import type { Tx } from "../kernel/tx.ts";
import { actionsAllowedNowOn } from "./access.ts";
import { publishTaskUpdate } from "./events.ts";
import { illegalMove } from "./move-task.ts";
import { findTaskFor } from "./queries.ts";

/** Deletes a Draft; any other status answers 409 with the moves allowed now. Open lists drop it live. */
export async function deleteTask(tx: Tx, actor: CompanyActor, taskId: string): Promise<void> {
  const ref = { side: "company" as const, ...actor };
  const row = await findTaskFor(tx.db, ref, taskId);
  if (!actionsAllowedNowOn(row, "company").includes("delete")) throw illegalMove(row, "company", "delete");
  const deleted = await tx.db
    .deleteFrom("tasks")
    .where("id", "=", row.id)
    .where("status", "=", "draft")
    .executeTakeFirst();
  if (Number(deleted.numDeletedRows) !== 1)
    throw illegalMove(await findTaskFor(tx.db, ref, taskId), "company", "delete");
  await tx.db
    .deleteFrom("search_terms")
    .where("entity", "=", "task")
    .where("entity_id", "=", row.id)
    .execute();
  await recordAudit(tx, auditWhoOf(actor), {
    action: "task.deleted",
    subjectType: "task",
    subjectId: row.id,
    summary: `Draft #${row.number} ${row.title}`.slice(0, 300),
    details: { number: row.number, title: row.title },
  });
  publishTaskUpdate(tx, row, { deleted: true });
}
