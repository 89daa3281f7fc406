import type { Kysely } from "kysely";
import { formatMoney } from "../../common/money.ts";
import type { Task } from "../../common/wire/tasks.ts";
import type { DB } from "../db/types.ts";
import type { TaskMailFacts } from "./emails.ts";

/**
 * Every task read starts here: the task, its contractor relation (with the name the company sees) and that
 * contractor's account.
 */
export function taskQuery(db: Kysely<DB>) {
  return db
    .selectFrom("tasks as t")
    .leftJoin("contractors as c", "c.id", "t.contractor_id")
    .leftJoin("users as cu", "cu.id", "c.user_id")
    .select([
      "t.id",
      "t.company_id",
      "t.number",
      "t.title",
      "t.description",
      "t.status",
      "t.contractor_id",
      "t.amount_minor",
      "t.currency",
      "t.deadline",
      "t.project",
      "t.external_id",
      "t.created_at",
      "t.updated_at",
      "c.status as contractor_status",
      "c.user_id as contractor_user_id",
      "c.accepted_at as contractor_accepted_at",
      "c.name as contractor_name",
      "cu.email as contractor_email",
    ]);
}

export type TaskRow = Awaited<ReturnType<ReturnType<typeof taskQuery>["executeTakeFirstOrThrow"]>>;

export function presentTask(row: TaskRow): Task {
  const contractor =
    row.contractor_id &&
    row.contractor_status &&
    row.contractor_email !== null &&
    row.contractor_name !== null
      ? {
          id: row.contractor_id,
          name: row.contractor_name,
          email: row.contractor_email,
          status: row.contractor_status,
        }
      : null;
  return {
    id: row.id,
    number: row.number,
    title: row.title,
    description: row.description,
    status: row.status,
    contractor,
    amount: formatMoney({ minor: row.amount_minor, currency: row.currency }),
    currency: row.currency,
    deadline: row.deadline,
    project: row.project,
    externalId: row.external_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** What a task email says of a task. */
export function mailFacts(row: TaskRow): TaskMailFacts {
  return {
    id: row.id,
    number: row.number,
    title: row.title,
    amount: formatMoney({ minor: row.amount_minor, currency: row.currency }),
    currency: row.currency,
    deadline: row.deadline,
  };
}
