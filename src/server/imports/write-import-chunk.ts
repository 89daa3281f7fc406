import type { CompanyActor } from "../kernel/actors.ts";
import type { Tx } from "../kernel/tx.ts";
import { type ImportedTask, writeImportedTasks } from "../tasks/import-tasks.ts";
import { stillCommitting } from "./committing.ts";
import { publishImportUpdated } from "./events.ts";

/**
 * Writes the next `limit` valid rows of a committing import as its tasks, invisible, and moves its cursor in
 * the same transaction: a job stopped between chunks resumes after the last chunk written, never writing a
 * row twice. Answers true once every row is written.
 */
export async function writeImportChunk(
  tx: Tx,
  actor: CompanyActor,
  input: { importId: string; limit: number; publish: boolean },
): Promise<boolean> {
  const record = await stillCommitting(tx, actor, input.importId);
  // Each row with its contractor on the team (invited by the step before), in the same read: one index
  // lookup a row (users.email, then the company's contractor of that user; both unique).
  const rows = await tx.db
    .selectFrom("task_import_rows as r")
    .leftJoin("users as u", "u.email", "r.contractor_email")
    .leftJoin("contractors as c", (join) =>
      join
        .onRef("c.user_id", "=", "u.id")
        .on("c.company_id", "=", actor.companyId)
        .on("c.status", "!=", "removed"),
    )
    .selectAll("r")
    .select("c.id as contractor_id")
    .where("r.import_id", "=", input.importId)
    .where("r.status", "=", "valid")
    .where("r.row_number", ">", record.commit_cursor)
    .orderBy("r.row_number")
    .limit(input.limit)
    .execute();
  const last = rows[rows.length - 1];
  if (!last) return true;

  const tasks: ImportedTask[] = rows.map((r) => ({
    contractorId: r.contractor_id ?? null,
    title: r.title ?? "",
    description: r.description ?? "",
    amountMinor: Number(r.amount_minor ?? 0),
    currency: r.currency ?? "",
    deadline: r.deadline,
    project: r.project,
    externalId: r.external_id,
  }));
  const written = await writeImportedTasks(tx, actor, {
    importId: input.importId,
    send: record.commit_send === 1,
    tasks,
  });
  await tx.db
    .updateTable("task_imports")
    .set((eb) => ({
      commit_cursor: last.row_number,
      created_tasks: eb(eb.fn.coalesce("created_tasks", eb.val(0)), "+", written.created),
      unfunded_tasks: eb(eb.fn.coalesce("unfunded_tasks", eb.val(0)), "+", written.unfunded),
      skipped_rows: eb(eb.fn.coalesce("skipped_rows", eb.val(0)), "+", written.skipped),
      progress_done: eb("progress_done", "+", rows.length),
      updated_at: tx.now.toISOString(),
    }))
    .where("id", "=", input.importId)
    .execute();
  if (input.publish) await publishImportUpdated(tx, actor.companyId, input.importId);
  return rows.length < input.limit;
}
