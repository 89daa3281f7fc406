import { type ExpressionBuilder, type Kysely, sql } from "kysely";
import { searchPrefixesOf } from "../../common/search.ts";
import type { TaskSort } from "../../common/task-sort.ts";
import type { TaskStatus } from "../../common/task-status.ts";
import type { Task, TaskHistoryEntry, TaskPage } from "../../common/wire/tasks.ts";
import type { Database } from "../db/connection.ts";
import { countUpTo } from "../db/list-total.ts";
import { chooseSearchPlan, hasWordsStartingWith, idsMatching, rarestPrefix } from "../db/search-terms.ts";
import type { DB, TasksTable } from "../db/types.ts";
import { notFound } from "../http/problem.ts";
import type { CompanyActor } from "../kernel/actors.ts";
import { contractorSees, shownTask, type TaskActorRef } from "./access.ts";
import { presentTask, type TaskRow, taskQuery } from "./present.ts";
import { type TaskOrder, taskOrder } from "./task-order.ts";

const LIST_LIMIT_DEFAULT = 50;
const LIST_LIMIT_MAX = 100;

export interface CompanyTaskFilter {
  status?: TaskStatus;
  contractorId?: string;
  project?: string;
  q?: string;
  /** Newest first unless another order is asked for. */
  sort?: TaskSort;
  cursor?: string;
  limit?: number;
  /** With the first page: how many tasks match, counted up to TOTAL_CAP. */
  total?: boolean;
}

/** Keyset pagination: the next page starts after the last row shown, in the list's order. */
function page(rows: TaskRow[], limit: number, order: TaskOrder, present: (row: TaskRow) => Task): TaskPage {
  const shown = rows.slice(0, limit);
  const last = shown[shown.length - 1];
  return {
    items: shown.map(present),
    nextCursor: rows.length > limit && last ? order.cursorAfter(last) : null,
  };
}

/**
 * Below this many tasks having a word that starts with the search, the page is cut from exactly those; from
 * it on, the list is walked in its order testing each row's words (see `chooseSearchPlan`). Around
 * sqrt(limit × tasks × (walk step / lookup)) the two plans cost the same: about 3,000 steps for a company of
 * a million tasks.
 */
const SEARCH_WALK_THRESHOLD = 3000;

type TaskScope = ExpressionBuilder<DB & { t: TasksTable }, "t">;

/**
 * One page of the company's tasks, filtered and in the order asked for; every filter and order is served by
 * an index (see migrations 0001, 0004, 0005, 0013). With `total`, how many match, up to TOTAL_CAP.
 */
export async function listCompanyTasks(
  database: Database,
  companyId: string,
  filter: CompanyTaskFilter,
  tuning: { searchWalkThreshold?: number } = {},
): Promise<TaskPage> {
  const { db } = database;
  const limit = Math.min(filter.limit ?? LIST_LIMIT_DEFAULT, LIST_LIMIT_MAX);
  const order = taskOrder(filter.sort ?? "newest", database.dialect);
  const prefixes = filter.q ? searchPrefixesOf(filter.q) : [];
  const words = hasWordsStartingWith(database.dialect, "t", prefixes);
  const matches = (eb: TaskScope) =>
    eb.and([
      eb("t.company_id", "=", companyId),
      // An import still being written keeps its tasks back until it is done (shownTask).
      shownTask,
      ...(filter.status ? [eb("t.status", "=", filter.status)] : []),
      ...(filter.contractorId ? [eb("t.contractor_id", "=", filter.contractorId)] : []),
      ...(filter.project ? [eb("t.project", "=", filter.project)] : []),
      ...(prefixes.length > 0 ? [words(eb)] : []),
    ]);
  const cursor = filter.cursor;
  const inScope = (eb: TaskScope) => (cursor ? eb.and([matches(eb), order.after(cursor)]) : matches(eb));
  const rarest = prefixes.length > 0 ? rarestPrefix(prefixes) : null;
  // No search or a common word: walk down the order's index, testing each entry's words, until the page is
  // full. A rare word: the page among exactly the tasks that have it.
  const plan =
    rarest === null
      ? "walk"
      : await chooseSearchPlan(
          db,
          "task",
          companyId,
          rarest,
          tuning.searchWalkThreshold ?? SEARCH_WALK_THRESHOLD,
        );
  const byIds = plan === "by-ids" && rarest !== null;
  let rows: TaskRow[];
  if (plan === "walk" && database.dialect === "sqlite") {
    // SQLite tests an index entry before it reads the row: one plain statement.
    rows = await order
      .orderBy(taskQuery(db).where(inScope))
      .limit(limit + 1)
      .execute();
  } else {
    // The page's ids first, then its rows: PostgreSQL reads a row before testing it unless the index holds
    // every column the filter reads, as the status and newest-first indexes do (migration 0028).
    const pageIds = order
      .orderBy(
        db
          .selectFrom("tasks as t")
          .select("t.id")
          .where(inScope)
          .$if(byIds, (q) => q.where("t.id", "in", idsMatching(db, "task", companyId, rarest ?? ""))),
      )
      .limit(limit + 1);
    rows = await order.orderBy(taskQuery(db).where("t.id", "in", pageIds)).execute();
  }
  const result = page(rows, limit, order, presentTask);
  if (!filter.total || cursor) return result;
  const matching = db
    .selectFrom("tasks as t")
    .select("t.id")
    .where(matches)
    .$if(byIds, (q) => q.where("t.id", "in", idsMatching(db, "task", companyId, rarest ?? "")));
  return { ...result, total: await countUpTo(db, matching) };
}

export interface ContractorTaskFilter {
  companyId?: string;
  status?: TaskStatus;
  sort?: TaskSort;
  cursor?: string;
  limit?: number;
  total?: boolean;
}

/**
 * The contractor's own tasks across every company they work for, never drafts (see `contractorSees`), in
 * the order asked for. A contractor's tasks are few enough to sort without an index of their own.
 */
export async function listContractorTasks(
  database: Database,
  userId: string,
  filter: ContractorTaskFilter,
): Promise<TaskPage> {
  const { db } = database;
  const limit = Math.min(filter.limit ?? LIST_LIMIT_DEFAULT, LIST_LIMIT_MAX);
  const order = taskOrder(filter.sort ?? "newest", database.dialect);
  let matching = taskQuery(db).where(contractorSees(userId));
  if (filter.companyId) matching = matching.where("t.company_id", "=", filter.companyId);
  if (filter.status) matching = matching.where("t.status", "=", filter.status);
  const cursor = filter.cursor;
  const rows = await order
    .orderBy(cursor ? matching.where(() => order.after(cursor)) : matching)
    .limit(limit + 1)
    .execute();
  const companyIds = [...new Set(rows.map((r) => r.company_id))];
  const companies = companyIds.length
    ? await db.selectFrom("companies").select(["id", "name"]).where("id", "in", companyIds).execute()
    : [];
  const names = new Map(companies.map((c) => [c.id, c.name]));
  const result = page(rows, limit, order, (row) => ({
    ...presentTask(row),
    company: { id: row.company_id, name: names.get(row.company_id) ?? "" },
  }));
  if (!filter.total || cursor) return result;
  return { ...result, total: await countUpTo(db, matching.clearSelect().select("t.id")) };
}

/** The task as this actor may see it, or 404: another company's task and another contractor's look absent. */
export async function findTaskFor(db: Kysely<DB>, actor: TaskActorRef, taskId: string): Promise<TaskRow> {
  const query = taskQuery(db).where("t.id", "=", taskId);
  const row =
    actor.side === "company"
      ? await query.where("t.company_id", "=", actor.companyId).where(shownTask).executeTakeFirst()
      : await query.where(contractorSees(actor.userId)).executeTakeFirst();
  if (!row) throw notFound("Task");
  return row;
}

/** One task with its history, as the company sees it. */
export async function findCompanyTask(db: Kysely<DB>, actor: CompanyActor, taskId: string): Promise<Task> {
  const row = await findTaskFor(db, { side: "company", ...actor }, taskId);
  return { ...presentTask(row), history: await taskHistory(db, row.id) };
}

/** One of the contractor's own tasks with its history and its company. */
export async function findContractorTask(db: Kysely<DB>, userId: string, taskId: string): Promise<Task> {
  const row = await findTaskFor(db, { side: "contractor", userId }, taskId);
  const company = await db
    .selectFrom("companies")
    .select(["id", "name"])
    .where("id", "=", row.company_id)
    .executeTakeFirstOrThrow();
  return { ...presentTask(row), company, history: await taskHistory(db, row.id) };
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
