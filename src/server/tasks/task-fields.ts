import type { Kysely } from "kysely";
import { parseMoney } from "../../common/money.ts";
import { DESCRIPTION_MAX, EXTERNAL_ID_MAX, PROJECT_MAX, TITLE_MAX } from "../../common/task-fields.ts";
import type { ProblemDetail } from "../../common/wire/problem.ts";
import type { TaskFieldsBody } from "../../common/wire/tasks.ts";
import type { DB } from "../db/types.ts";
import { badRequest, duplicateField } from "../http/problem.ts";

/** The same fields, checked and in the stored shape. */
export interface TaskFields {
  title?: string;
  description?: string;
  amount_minor?: number;
  currency?: string;
  deadline?: string | null;
  project?: string | null;
  external_id?: string | null;
}

const trimmedOrNull = (text: string | null | undefined) => (text?.trim() ? text.trim() : null);

/** A calendar date written YYYY-MM-DD that exists (no 31 February). */
function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/**
 * Checks every given field and answers one 400 naming each wrong field. `current` supplies the amount or the
 * currency when only the other one changes (the decimals depend on both).
 */
export function checkTaskFields(
  input: TaskFieldsBody,
  current?: { amount: string; currency: string },
): TaskFields {
  const errors: ProblemDetail[] = [];
  const fields: TaskFields = {};
  if (input.title !== undefined) {
    const title = input.title.trim();
    if (!title) errors.push({ field: "title", message: "title is required" });
    else if (title.length > TITLE_MAX)
      errors.push({ field: "title", message: `title must be at most ${TITLE_MAX} characters` });
    else fields.title = title;
  }
  if (input.description !== undefined) {
    const description = input.description ?? "";
    if (description.length > DESCRIPTION_MAX)
      errors.push({
        field: "description",
        message: `description must be at most ${DESCRIPTION_MAX} characters`,
      });
    else fields.description = description;
  }
  if (input.amount !== undefined || input.currency !== undefined) {
    const amount = input.amount ?? current?.amount ?? "";
    const currency = (input.currency ?? current?.currency ?? "").trim().toUpperCase();
    const parsed = parseMoney(amount, currency);
    if (parsed.ok) {
      fields.amount_minor = parsed.money.minor;
      fields.currency = parsed.money.currency;
    } else errors.push({ field: parsed.field, message: parsed.message });
  }
  if (input.deadline !== undefined) {
    const deadline = trimmedOrNull(input.deadline);
    if (deadline !== null && !isCalendarDate(deadline))
      errors.push({ field: "deadline", message: "deadline must be a date written YYYY-MM-DD" });
    else fields.deadline = deadline;
  }
  if (input.project !== undefined) {
    const project = trimmedOrNull(input.project);
    if (project && project.length > PROJECT_MAX)
      errors.push({ field: "project", message: `project must be at most ${PROJECT_MAX} characters` });
    else fields.project = project;
  }
  if (input.externalId !== undefined) {
    const externalId = trimmedOrNull(input.externalId);
    if (externalId && externalId.length > EXTERNAL_ID_MAX)
      errors.push({
        field: "externalId",
        message: `externalId must be at most ${EXTERNAL_ID_MAX} characters`,
      });
    else fields.external_id = externalId;
  }
  if (errors.length) throw badRequest("Check the highlighted fields.", errors);
  return fields;
}

const duplicateExternalId = (externalId: string) =>
  duplicateField("externalId", `A task with the external ID "${externalId}" already exists in this company.`);

/** 409 when another task of the company already has this external ID. */
export async function ensureExternalIdFree(
  db: Kysely<DB>,
  companyId: string,
  externalId: string | null | undefined,
  exceptTaskId?: string,
): Promise<void> {
  if (!externalId) return;
  let query = db
    .selectFrom("tasks")
    .select("id")
    .where("company_id", "=", companyId)
    .where("external_id", "=", externalId);
  if (exceptTaskId) query = query.where("id", "!=", exceptTaskId);
  if (await query.executeTakeFirst()) throw duplicateExternalId(externalId);
}

/** A unique-index violation on (company, external ID): two writers raced past the check above. */
function isExternalIdClash(error: unknown): boolean {
  const text =
    error instanceof Error ? `${error.message} ${(error as { constraint?: string }).constraint ?? ""}` : "";
  return /tasks_company_external_id|tasks\.external_id/.test(text);
}

/** Runs a write of a task's external ID; losing the race to another writer answers the same 409 as the check. */
export async function refuseExternalIdClash<T>(
  externalId: string | null | undefined,
  write: () => Promise<T>,
): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (externalId && isExternalIdClash(error)) throw duplicateExternalId(externalId);
    throw error;
  }
}
