import { type EditableField, editableFields, TASK_STATUS_LABELS } from "../../common/task-status.ts";
import type { Task, TaskFieldsBody } from "../../common/wire/tasks.ts";
import { publishContractorUpdates } from "../contractors/acceptance.ts";
import { writeSearchTerms } from "../db/search-terms.ts";
import type { TasksTable } from "../db/types.ts";
import { conflict, invalidField } from "../http/problem.ts";
import type { AppContext } from "../kernel/context.ts";
import { actionsAllowedNow, findTaskFor } from "./access.ts";
import { checkAssignableContractor, inviteForTask } from "./assign.ts";
import { illegalMove, publishAndPresent } from "./move-task.ts";
import { presentTask } from "./present.ts";
import { publishTaskUpdate } from "./task-events.ts";
import {
  checkTaskFields,
  duplicateExternalId,
  ensureExternalIdFree,
  isExternalIdClash,
} from "./task-fields.ts";

type EditableColumn =
  | "title"
  | "description"
  | "amount_minor"
  | "currency"
  | "deadline"
  | "project"
  | "external_id"
  | "contractor_id";

export interface UpdateTaskInput extends TaskFieldsBody {
  /** Invites this address and gives it the draft (as on creation). */
  contractorEmail?: string;
}

/**
 * Changes a task's fields as its status allows: a Draft fully, an Offered task only its description and
 * deadline, later nothing. A field sent with the value it already has is no change (forms send everything).
 * Anything else: 409 with `allowed`, the fields that can change now.
 */
export async function updateTask(
  context: AppContext,
  actor: { companyId: string; userId: string },
  taskId: string,
  input: UpdateTaskInput,
): Promise<Task> {
  const { db } = context.database;
  const ref = { side: "company" as const, ...actor };
  let externalId: string | null | undefined;
  let invited: string[] = [];
  const byEmail = input.contractorEmail?.trim() || null;
  if (byEmail && input.contractorId !== undefined) {
    throw invalidField("contractorEmail", "give either contractorId or contractorEmail, not both");
  }
  try {
    await db.transaction().execute(async (trx) => {
      const row = await findTaskFor(trx, ref, taskId);
      const current = presentTask(row);
      const fields = checkTaskFields(input, { amount: current.amount, currency: current.currency });
      externalId = fields.external_id;
      const changes: Partial<Pick<TasksTable, EditableColumn>> = {};
      const touched = new Set<EditableField>();
      const compare = <K extends EditableColumn>(
        key: K,
        field: EditableField,
        value: TasksTable[K] | undefined,
      ) => {
        if (value === undefined || value === row[key as keyof typeof row]) return;
        changes[key] = value;
        touched.add(field);
      };
      compare("title", "title", fields.title);
      compare("description", "description", fields.description);
      compare("amount_minor", "amount", fields.amount_minor);
      compare("currency", "currency", fields.currency);
      compare("deadline", "deadline", fields.deadline);
      compare("project", "project", fields.project);
      compare("external_id", "externalId", fields.external_id);
      compare("contractor_id", "contractor", input.contractorId);

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
        if (!editable.includes("contractor"))
          throw conflict(
            `The task is ${TASK_STATUS_LABELS[row.status]}: its contractor can no longer change.`,
            [...editable],
          );
        const invitation = await inviteForTask(trx, context.config, actor, byEmail);
        invited = invitation.changedContractorIds;
        compare("contractor_id", "contractor", invitation.contractorId);
      }
      if (touched.size === 0) return;
      if (changes.contractor_id) await checkAssignableContractor(trx, actor.companyId, changes.contractor_id);
      if (changes.external_id) await ensureExternalIdFree(trx, actor.companyId, changes.external_id, row.id);
      const update = await trx
        .updateTable("tasks")
        .set({ ...changes, updated_at: new Date().toISOString() })
        .where("id", "=", row.id)
        .where("status", "=", row.status)
        .executeTakeFirst();
      if (Number(update.numUpdatedRows) !== 1) {
        // It was sent, taken or cancelled meanwhile: the edit was made for a status it no longer has.
        const now = await findTaskFor(trx, ref, taskId);
        throw conflict(`The task changed meanwhile and is now ${TASK_STATUS_LABELS[now.status]}.`, [
          ...editableFields(now.status),
        ]);
      }
      if (changes.title !== undefined)
        await writeSearchTerms(trx, "task", row.id, actor.companyId, [changes.title]);
    });
  } catch (error) {
    if (externalId && isExternalIdClash(error)) throw duplicateExternalId(externalId);
    throw error;
  }
  await publishContractorUpdates(context, invited);
  return publishAndPresent(context, taskId);
}

/** Deletes a Draft; any other status answers 409 with the moves allowed now. */
export async function deleteTask(
  context: AppContext,
  actor: { companyId: string; userId: string },
  taskId: string,
): Promise<void> {
  const ref = { side: "company" as const, ...actor };
  const row = await context.database.db.transaction().execute(async (trx) => {
    const row = await findTaskFor(trx, ref, taskId);
    if (!actionsAllowedNow(row, "company").includes("delete")) throw illegalMove(row, "company", "delete");
    const deleted = await trx
      .deleteFrom("tasks")
      .where("id", "=", row.id)
      .where("status", "=", "draft")
      .executeTakeFirst();
    if (Number(deleted.numDeletedRows) !== 1)
      throw illegalMove(await findTaskFor(trx, ref, taskId), "company", "delete");
    await trx
      .deleteFrom("search_terms")
      .where("entity", "=", "task")
      .where("entity_id", "=", row.id)
      .execute();
    return row;
  });
  await publishTaskUpdate(context, row, { deleted: true });
}
