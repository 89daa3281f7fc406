import { chunks } from "../db/chunks.ts";
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
  const rows = await tx.db
    .selectFrom("task_import_rows")
    .selectAll()
    .where("import_id", "=", input.importId)
    .where("status", "=", "valid")
    .where("row_number", ">", record.commit_cursor)
    .orderBy("row_number")
    .limit(input.limit)
    .execute();
  const last = rows[rows.length - 1];
  if (!last) return true;

  const emails = [...new Set(rows.flatMap((r) => (r.contractor_email ? [r.contractor_email] : [])))];
  const contractorOf = new Map<string, string>();
  for (const part of chunks(emails, 500)) {
    const found = await tx.db
      .selectFrom("contractors as c")
      .innerJoin("users as u", "u.id", "c.user_id")
      .select(["c.id", "u.email"])
      .where("c.company_id", "=", actor.companyId)
      .where("c.status", "!=", "removed")
      .where("u.email", "in", part)
      .execute();
    for (const c of found) contractorOf.set(c.email, c.id);
  }
  const tasks: ImportedTask[] = rows.map((r) => ({
    contractorId: (r.contractor_email && contractorOf.get(r.contractor_email)) || null,
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
