import { type ExpressionBuilder, type Kysely, sql } from "kysely";
import { searchPrefixesOf } from "../../common/search.ts";
import type { TaskStatus } from "../../common/task-status.ts";
import type { Task, TaskHistoryEntry, TaskPage } from "../../common/wire/tasks.ts";
import type { Database } from "../db/connection.ts";
import { chooseSearchPlan, hasWordsStartingWith, idsMatching, rarestPrefix } from "../db/search-terms.ts";
import type { DB, TasksTable } from "../db/types.ts";
import { notFound } from "../http/problem.ts";
import type { CompanyActor } from "../kernel/actors.ts";
import { contractorSees, type TaskActorRef } from "./access.ts";
import { presentTask, type TaskRow, taskQuery } from "./present.ts";

const LIST_LIMIT_DEFAULT = 50;
const LIST_LIMIT_MAX = 100;

export interface CompanyTaskFilter {
  status?: TaskStatus;
  contractorId?: string;
  project?: string;
  q?: string;
  cursor?: string;
  limit?: number;
}

/** Keyset pagination, newest first: ids are UUIDv7, so `id < cursor` is "older than the last one shown". */
function page(rows: Task[], limit: number): TaskPage {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? (items[items.length - 1]?.id ?? null) : null };
}

/**
 * Below this many tasks having a word that starts with the search, the page is cut from exactly those; from
 * it on, the list is walked newest first testing each row's words (see `chooseSearchPlan`). Around
 * sqrt(limit × tasks × (walk step / lookup)) the two plans cost the same: about 3,000 steps for a company of
 * a million tasks.
 */
const SEARCH_WALK_THRESHOLD = 3000;

type TaskScope = ExpressionBuilder<DB & { t: TasksTable }, "t">;

/** One page of the company's tasks, filtered; every filter is served by an index (see migrations 0001, 0004, 0005). */
export async function listCompanyTasks(
  database: Database,
  companyId: string,
  filter: CompanyTaskFilter,
  tuning: { searchWalkThreshold?: number } = {},
): Promise<TaskPage> {
  const { db } = database;
  const limit = Math.min(filter.limit ?? LIST_LIMIT_DEFAULT, LIST_LIMIT_MAX);
  const prefixes = filter.q ? searchPrefixesOf(filter.q) : [];
  const words = hasWordsStartingWith(database.dialect, "t", prefixes);
  const inScope = (eb: TaskScope) =>
    eb.and([
      eb("t.company_id", "=", companyId),
      ...(filter.status ? [eb("t.status", "=", filter.status)] : []),
      ...(filter.contractorId ? [eb("t.contractor_id", "=", filter.contractorId)] : []),
      ...(filter.project ? [eb("t.project", "=", filter.project)] : []),
      ...(filter.cursor ? [eb("t.id", "<", filter.cursor)] : []),
      ...(prefixes.length > 0 ? [words(eb)] : []),
    ]);
  const rarest = prefixes.length > 0 ? rarestPrefix(prefixes) : null;
  // No search or a common word: walk down the filter's index newest first, testing each entry's words,
  // until the page is full. A rare word: the page among exactly the tasks that have it.
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
  let rows: TaskRow[];
  if (plan === "walk" && database.dialect === "sqlite") {
    // SQLite tests an index entry before it reads the row: one plain statement.
    rows = await taskQuery(db)
      .where(inScope)
      .orderBy("t.id", "desc")
      .limit(limit + 1)
      .execute();
  } else {
    // The page's ids on indexes alone (PostgreSQL reads the row before testing it otherwise), then its rows.
    const pageIds = db
      .selectFrom("tasks as t")
      .select("t.id")
      .where(inScope)
      .$if(plan === "by-ids" && rarest !== null, (q) =>
        q.where("t.id", "in", idsMatching(db, "task", companyId, rarest ?? "")),
      )
      .orderBy("t.id", "desc")
      .limit(limit + 1);
    rows = await taskQuery(db).where("t.id", "in", pageIds).orderBy("t.id", "desc").execute();
  }
  return page(rows.map(presentTask), limit);
}

export interface ContractorTaskFilter {
  companyId?: string;
  status?: TaskStatus;
  cursor?: string;
  limit?: number;
}

/** The contractor's own tasks across every company they work for, never drafts (see `contractorSees`). */
export async function listContractorTasks(
  database: Database,
  userId: string,
  filter: ContractorTaskFilter,
): Promise<TaskPage> {
  const { db } = database;
  const limit = Math.min(filter.limit ?? LIST_LIMIT_DEFAULT, LIST_LIMIT_MAX);
  let query = taskQuery(db).where(contractorSees(userId));
  if (filter.companyId) query = query.where("t.company_id", "=", filter.companyId);
  if (filter.status) query = query.where("t.status", "=", filter.status);
  if (filter.cursor) query = query.where("t.id", "<", filter.cursor);
  const rows = await query
    .orderBy("t.id", "desc")
    .limit(limit + 1)
    .execute();
  const companyIds = [...new Set(rows.map((r) => r.company_id))];
  const companies = companyIds.length
    ? await db.selectFrom("companies").select(["id", "name"]).where("id", "in", companyIds).execute()
    : [];
  const names = new Map(companies.map((c) => [c.id, c.name]));
  return page(
    rows.map((row) => ({
      ...presentTask(row),
      company: { id: row.company_id, name: names.get(row.company_id) ?? "" },
    })),
    limit,
  );
}

/** The task as this actor may see it, or 404: another company's task and another contractor's look absent. */
export async function findTaskFor(db: Kysely<DB>, actor: TaskActorRef, taskId: string): Promise<TaskRow> {
  const query = taskQuery(db).where("t.id", "=", taskId);
  const row =
    actor.side === "company"
      ? await query.where("t.company_id", "=", actor.companyId).executeTakeFirst()
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
