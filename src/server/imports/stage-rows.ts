import type { Insertable } from "kysely";
import { insertRows } from "../db/insert-rows.ts";
import type { TaskImportErrorsTable, TaskImportRowsTable } from "../db/types.ts";
import type { CompanyActor } from "../kernel/actors.ts";
import type { Tx } from "../kernel/tx.ts";
import { publishImportUpdated } from "./events.ts";
import type { StagedRow } from "./reading/read-file.ts";

/** The import is no longer being read (it was discarded): reading stops. */
export class ImportStopped extends Error {}

const INSERT_CHUNK = 100;
const LOOKUP_CHUNK = 500;

/**
 * An invalid row's task columns. Every staged row names every column, in the same order, so that a batch is
 * one statement shape whose text is built once (insertRows) rather than a tree of every value each time.
 */
const NO_TASK = {
  contractor_email: null,
  contractor_name: null,
  title: null,
  description: null,
  amount_minor: null,
  currency: null,
  deadline: null,
  project: null,
  external_id: null,
} as const;

/** Throws ImportStopped unless the import is still being read; answers its error count so far. */
export async function stillReading(tx: Tx, actor: CompanyActor, importId: string): Promise<number> {
  const row = await tx.db
    .selectFrom("task_imports")
    .select(["status", "error_count"])
    .where("id", "=", importId)
    .where("company_id", "=", actor.companyId)
    .executeTakeFirst();
  if (row?.status !== "parsing") throw new ImportStopped();
  return row.error_count;
}

/** The external IDs among `ids` that tasks of the company already have. */
async function takenExternalIds(tx: Tx, companyId: string, ids: string[]): Promise<Set<string>> {
  const taken = new Set<string>();
  for (let i = 0; i < ids.length; i += LOOKUP_CHUNK) {
    const rows = await tx.db
      .selectFrom("tasks")
      .select("external_id")
      .where("company_id", "=", companyId)
      .where("external_id", "in", ids.slice(i, i + LOOKUP_CHUNK))
      .execute();
    for (const r of rows) if (r.external_id) taken.add(r.external_id);
  }
  return taken;
}

/**
 * Stores a batch of checked rows as staging rows: valid ones with the task they make, duplicates (their
 * External ID is a task's already) apart, invalid ones with their cells as uploaded and their errors, numbered
 * on from the import's last. Counts and progress move with them.
 */
export interface StageRowsInput {
  importId: string;
  rows: StagedRow[];
  /** The reading's progress after this batch (bytes or rows, as `progress_total` counts). */
  done: number;
  /** Tells the company's open pages (progress is published at most twice a second). */
  publish: boolean;
}

export async function stageRows(tx: Tx, actor: CompanyActor, input: StageRowsInput): Promise<void> {
  const { importId, rows, done, publish } = input;
  let seq = await stillReading(tx, actor, importId);
  const externalIds = rows.flatMap((r) => ("task" in r && r.task.externalId ? [r.task.externalId] : []));
  const taken = await takenExternalIds(tx, actor.companyId, externalIds);
  const staged: Insertable<TaskImportRowsTable>[] = [];
  const errors: Insertable<TaskImportErrorsTable>[] = [];
  let valid = 0;
  let duplicates = 0;
  for (const r of rows) {
    if ("task" in r) {
      const t = r.task;
      const duplicate = t.externalId !== null && taken.has(t.externalId);
      if (duplicate) duplicates++;
      else valid++;
      staged.push({
        import_id: importId,
        row_number: r.row,
        status: duplicate ? "duplicate" : "valid",
        contractor_email: t.contractorEmail,
        contractor_name: t.contractorName,
        title: t.title,
        description: t.description,
        amount_minor: t.amountMinor,
        currency: t.currency,
        deadline: t.deadline,
        project: t.project,
        external_id: t.externalId,
        cells: null,
      });
    } else {
      staged.push({
        import_id: importId,
        row_number: r.row,
        status: "invalid",
        ...NO_TASK,
        cells: JSON.stringify(r.cells),
      });
      for (const e of r.errors) {
        errors.push({
          import_id: importId,
          seq: ++seq,
          row_number: r.row,
          column_name: e.column,
          message: e.message,
        });
      }
    }
  }
  for (let i = 0; i < staged.length; i += INSERT_CHUNK) {
    await insertRows(tx.db, "task_import_rows", staged.slice(i, i + INSERT_CHUNK));
  }
  for (let i = 0; i < errors.length; i += INSERT_CHUNK) {
    await insertRows(tx.db, "task_import_errors", errors.slice(i, i + INSERT_CHUNK));
  }
  await tx.db
    .updateTable("task_imports")
    .set((eb) => ({
      total_rows: eb("total_rows", "+", rows.length),
      valid_rows: eb("valid_rows", "+", valid),
      duplicate_rows: eb("duplicate_rows", "+", duplicates),
      invalid_rows: eb("invalid_rows", "+", rows.length - valid - duplicates),
      error_count: seq,
      progress_done: done,
      updated_at: tx.now.toISOString(),
    }))
    .where("id", "=", importId)
    .execute();
  if (publish) await publishImportUpdated(tx, actor.companyId, importId);
}
