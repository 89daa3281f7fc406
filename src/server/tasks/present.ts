import type { Kysely } from "kysely";
import { formatMoney } from "../../common/money.ts";
import type { TaskPayment } from "../../common/wire/money.ts";
import type { Task } from "../../common/wire/tasks.ts";
import type { DB } from "../db/types.ts";
import type { TaskMailFacts } from "./emails.ts";

/**
 * Every task read starts here: the task, its contractor relation (with the name the company sees) and that
 * contractor's account.
 */
export function taskQuery(db: Kysely<DB>) {
  return (
    db
      .selectFrom("tasks as t")
      .leftJoin("contractors as c", "c.id", "t.contractor_id")
      .leftJoin("users as cu", "cu.id", "c.user_id")
      // What the task's money is doing (money writes it, answering the tasks' hooks).
      .leftJoin("task_payments as p", "p.task_id", "t.id")
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
        "p.status as payment_status",
        "p.fee_minor as payment_fee_minor",
        "p.shortfall_minor as payment_shortfall_minor",
      ])
  );
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
    payment: presentPayment(row),
  };
}

function presentPayment(row: TaskRow): TaskPayment | null {
  if (!row.payment_status) return null;
  const fee = formatMoney({ minor: Number(row.payment_fee_minor ?? 0), currency: row.currency });
  return row.payment_status === "unfunded" && row.payment_shortfall_minor !== null
    ? {
        status: row.payment_status,
        fee,
        shortfall: formatMoney({ minor: Number(row.payment_shortfall_minor), currency: row.currency }),
      }
    : { status: row.payment_status, fee };
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
