import { type EditableField, editableFields, TASK_STATUS_LABELS } from "../../common/task-status.ts";
import type { Task, UpdateTaskBody } from "../../common/wire/tasks.ts";
import { writeSearchTerms } from "../db/search-terms.ts";
import type { TasksTable } from "../db/types.ts";
import { conflict, invalidField } from "../http/problem.ts";
import type { CompanyActor } from "../kernel/actors.ts";
import { auditWhoOf, recordAudit } from "../kernel/audit.ts";
import type { Tx } from "../kernel/tx.ts";
import { checkAssignableContractor, inviteForTask } from "./assign.ts";
import { publishTaskUpdate } from "./events.ts";
import { presentTask, type TaskRow, taskQuery } from "./present.ts";
import { findTaskFor } from "./queries.ts";
import { checkTaskFields, ensureExternalIdFree, refuseExternalIdClash } from "./task-fields.ts";

type EditableColumn =
  | "title"
  | "description"
  | "amount_minor"
  | "currency"
  | "deadline"
  | "project"
  | "external_id"
  | "contractor_id";

type Changes = Partial<Pick<TasksTable, EditableColumn>>;

/**
 * Changes a task's fields as its status allows: a Draft fully, an Offered task only its description and
 * deadline, later nothing. A field sent with the value it already has is no change (forms send everything).
 * Anything else: 409 with `allowed`, the fields that can change now. `contractorEmail` invites the address
 * and gives it the draft, as on creation.
 */
export async function updateTask(
  tx: Tx,
  actor: CompanyActor,
  input: UpdateTaskBody & { taskId: string },
): Promise<Task> {
  const byEmail = input.contractorEmail?.trim() || null;
  if (byEmail && input.contractorId !== undefined) {
    throw invalidField("contractorEmail", "give either contractorId or contractorEmail, not both");
  }
  const ref = { side: "company" as const, ...actor };
  const row = await findTaskFor(tx.db, ref, input.taskId);
  const current = presentTask(row);
  const fields = checkTaskFields(input, { amount: current.amount, currency: current.currency });
  const { changes, touched } = changesOf(row, {
    title: fields.title,
    description: fields.description,
    amount_minor: fields.amount_minor,
    currency: fields.currency,
    deadline: fields.deadline,
    project: fields.project,
    external_id: fields.external_id,
    contractor_id: input.contractorId,
  });

  const editable = editableFields(row.status);
  const refused = [...touched].filter((f) => !editable.includes(f));
  if (refused.length) {
    const detail =
      editable.length === 0
        ? `The task is ${TASK_STATUS_LABELS[row.status]}: it can no longer be edited.`
        : `The task is ${TASK_STATUS_LABELS[row.status]}: only ${editable.join(" and ")} can change (not ${refused.join(", ")}).`;
    throw conflict(detail, [...editable]);
  }
  if (byEmail) {
    // Invite only once the edit is known to be allowed: a refused edit sends nobody an invitation.
    if (!editable.includes("contractor")) {
      throw conflict(`The task is ${TASK_STATUS_LABELS[row.status]}: its contractor can no longer change.`, [
        ...editable,
      ]);
    }
    const contractorId = await inviteForTask(tx, actor, byEmail);
    if (contractorId !== row.contractor_id) {
      changes.contractor_id = contractorId;
      touched.add("contractor");
    }
  }
  if (touched.size > 0) {
    await applyChanges(tx, ref, row, changes);
    await recordAudit(tx, auditWhoOf(actor), {
      action: "task.edited",
      subjectType: "task",
      subjectId: row.id,
      summary: `Task #${row.number} ${changes.title ?? row.title}: changed ${[...touched].join(", ")}`.slice(
        0,
        300,
      ),
      details: { number: row.number, fields: [...touched] },
    });
  }
  const updated = await taskQuery(tx.db).where("t.id", "=", row.id).executeTakeFirstOrThrow();
  publishTaskUpdate(tx, updated);
  return presentTask(updated);
}

const FIELD_OF: Record<EditableColumn, EditableField> = {
  title: "title",
  description: "description",
  amount_minor: "amount",
  currency: "currency",
  deadline: "deadline",
  project: "project",
  external_id: "externalId",
  contractor_id: "contractor",
};

/** The columns whose value differs from the row's, and the fields they belong to. */
function changesOf(row: TaskRow, wanted: { [K in EditableColumn]: TasksTable[K] | undefined }) {
  const changes: Changes = {};
  const touched = new Set<EditableField>();
  for (const key of Object.keys(wanted) as EditableColumn[]) {
    const value = wanted[key];
    if (value === undefined || value === row[key]) continue;
    Object.assign(changes, { [key]: value });
    touched.add(FIELD_OF[key]);
  }
  return { changes, touched };
}

/** Writes the changes while the task still has the status they were allowed for. */
async function applyChanges(
  tx: Tx,
  ref: { side: "company"; companyId: string; userId: string },
  row: TaskRow,
  changes: Changes,
): Promise<void> {
  if (changes.contractor_id) await checkAssignableContractor(tx.db, ref.companyId, changes.contractor_id);
  if (changes.external_id) await ensureExternalIdFree(tx.db, ref.companyId, changes.external_id, row.id);
  const update = await refuseExternalIdClash(changes.external_id, () =>
    tx.db
      .updateTable("tasks")
      .set({ ...changes, updated_at: tx.now.toISOString() })
      .where("id", "=", row.id)
      .where("status", "=", row.status)
      .executeTakeFirst(),
  );
  if (Number(update.numUpdatedRows) !== 1) {
    // It was sent, taken or cancelled meanwhile: the edit was made for a status it no longer has.
    const now = await findTaskFor(tx.db, ref, row.id);
    throw conflict(`The task changed meanwhile and is now ${TASK_STATUS_LABELS[now.status]}.`, [
      ...editableFields(now.status),
    ]);
  }
  if (changes.title !== undefined)
    await writeSearchTerms(tx.db, "task", row.id, ref.companyId, [changes.title]);
}
