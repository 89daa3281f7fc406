import { type Kysely, sql } from "kysely";
import { formatMoney } from "../../common/money.ts";
import type { Task, TaskHistoryEntry } from "../../common/wire/tasks.ts";
import type { DB } from "../db/types.ts";

/** Every task read starts here: the task, its contractor relation and that contractor's account. */
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
      "cu.name as contractor_name",
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

/** The task's history, oldest first: who moved it, when, from which status to which, and why. */
export async function taskHistory(db: Kysely<DB>, taskId: string): Promise<TaskHistoryEntry[]> {
  const rows = await db
    .selectFrom("task_events as e")
    .innerJoin("users as u", "u.id", "e.actor_user_id")
    .select(["e.at", "e.from_status", "e.to_status", "e.comment", "u.id as actor_id", "u.name as actor_name"])
    .where("e.task_id", "=", taskId)
    .orderBy("e.at")
    // A task sent as it is created has two entries at the same instant: the creation (from null) comes first.
    .orderBy(sql`case when e.from_status is null then 0 else 1 end`)
    .orderBy("e.id")
    .execute();
  return rows.map((r) => ({
    at: r.at,
    actor: { id: r.actor_id, name: r.actor_name },
    from: r.from_status,
    to: r.to_status,
    comment: r.comment,
  }));
}
