import { type Expression, type RawBuilder, type SelectQueryBuilder, type SqlBool, sql } from "kysely";
import { parseTaskSort, type TaskSort, type TaskSortKey } from "../../common/task-sort.ts";
import { TASK_STATUSES, type TaskStatus } from "../../common/task-status.ts";
import type { Dialect } from "../db/connection.ts";
import { badRequest } from "../http/problem.ts";

/**
 * The orders of a task list (src/common/task-sort.ts) as SQL: each order's sort key, written as the indexes
 * of migration 0013 are built (literals inline, so that both databases match the index), and the keyset
 * cursor that continues a page in that order. Newest first keeps the plain id as its cursor.
 */

/** A task without a deadline sorts after every dated one, either way. */
const NO_DEADLINE = "9999-12-31";

/** `coalesce(deadline, '9999-12-31')`, as migration 0013 indexes it (the overview counts overdue tasks by it). */
export const DEADLINE_KEY_SQL = `coalesce(deadline, '${NO_DEADLINE}')`;

/** The lifecycle's order of statuses, as migration 0013 indexes it: `case status when 'draft' then 0 … end`. */
export const STATUS_RANK_SQL = `case status ${TASK_STATUSES.map((s, i) => `when '${s}' then ${i}`).join(" ")} end`;

/** What a key needs from a row, to write the cursor after the last row of a page. */
export interface OrderedRow {
  id: string;
  deadline: string | null;
  currency: string;
  amount_minor: number;
  status: TaskStatus;
}

type KeyValue = string | number;

function keyColumns(key: TaskSortKey): RawBuilder<KeyValue>[] {
  switch (key) {
    case "deadline":
      return [sql<string>`coalesce(t.deadline, ${sql.lit(NO_DEADLINE)})`];
    case "amount":
      return [sql<string>`t.currency`, sql<number>`t.amount_minor`];
    case "status":
      return [
        sql<number>`case t.status ${sql.join(
          TASK_STATUSES.map((s, i) => sql`when ${sql.lit(s)} then ${sql.lit(i)}`),
          sql` `,
        )} end`,
      ];
  }
}

function keyValues(key: TaskSortKey, row: OrderedRow): KeyValue[] {
  switch (key) {
    case "deadline":
      return [row.deadline ?? NO_DEADLINE];
    case "amount":
      return [row.currency, Number(row.amount_minor)];
    case "status":
      return [TASK_STATUSES.indexOf(row.status)];
  }
}

/** The type of each key value in a cursor (a cursor comes back from the client, so it is checked). */
const KEY_TYPES: Record<TaskSortKey, ("string" | "number")[]> = {
  deadline: ["string"],
  amount: ["string", "number"],
  status: ["number"],
};

function invalidCursor(): never {
  throw badRequest("This cursor does not belong to this list and order: start from the first page.", [
    { field: "cursor", message: "cursor is not one this list gave for this order" },
  ]);
}

export interface TaskOrder {
  /** Orders a query by the key, then by id, both the same way. */
  orderBy<D, T extends keyof D, O>(query: SelectQueryBuilder<D, T, O>): SelectQueryBuilder<D, T, O>;
  /** The rows after the cursor in this order (a cursor that `cursorAfter` wrote). */
  after(cursor: string): Expression<SqlBool>;
  /** The cursor that continues after this row. */
  cursorAfter(row: OrderedRow): string;
}

/** A task list's order: its ORDER BY, its keyset condition and its cursors. */
export function taskOrder(sort: TaskSort, dialect: Dialect): TaskOrder {
  const { key, descending } = parseTaskSort(sort);
  if (key === null) {
    return {
      orderBy: (query) => query.orderBy(sql`t.id`, "desc"),
      after: (cursor) => sql<SqlBool>`t.id < ${cursor}`,
      cursorAfter: (row) => row.id,
    };
  }
  const direction = descending ? "desc" : "asc";
  const columns = keyColumns(key);
  return {
    orderBy: (query) => {
      let ordered = query;
      for (const column of columns) ordered = ordered.orderBy(column, direction);
      return ordered.orderBy(sql`t.id`, direction);
    },
    after: (cursor) => {
      const values = decodeCursor(key, cursor);
      const id = values.pop() as string;
      // A deadline compared with a text parameter: PostgreSQL is told it is a date.
      const params = values.map((v, i) =>
        key === "deadline" && i === 0 && dialect === "postgres" ? sql`cast(${v} as date)` : sql`${v}`,
      );
      const left = sql.join([...columns, sql`t.id`]);
      const right = sql.join([...params, sql`${id}`]);
      return descending ? sql<SqlBool>`(${left}) < (${right})` : sql<SqlBool>`(${left}) > (${right})`;
    },
    cursorAfter: (row) => Buffer.from(JSON.stringify([...keyValues(key, row), row.id])).toString("base64url"),
  };
}

function decodeCursor(key: TaskSortKey, cursor: string): KeyValue[] {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    invalidCursor();
  }
  const types = [...KEY_TYPES[key], "string"];
  if (!Array.isArray(values) || values.length !== types.length) invalidCursor();
  for (const [i, value] of values.entries()) if (typeof value !== types[i]) invalidCursor();
  return values as KeyValue[];
}
