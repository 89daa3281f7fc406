import { sql } from "kysely";
import { searchPrefixOf } from "../../common/search.ts";
import type { TaskStatus } from "../../common/task-status.ts";
import type { Task, TaskPage } from "../../common/wire/tasks.ts";
import type { Database } from "../db/connection.ts";
import { idsMatching } from "../db/search-terms.ts";
import { contractorSees } from "./access.ts";
import { presentTask, taskQuery } from "./present.ts";

export const LIST_LIMIT_DEFAULT = 50;
export const LIST_LIMIT_MAX = 100;

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
 * Above this many matching words a search walks the task list instead of collecting every match. Collecting
 * costs one index entry per match; walking costs about limit × (tasks / matches) probes. Around
 * sqrt(limit × tasks) the two meet: 10,000 keeps both near 10,000 steps for a company of a million tasks.
 */
export const COMMON_PREFIX_MATCHES = 10_000;

async function isCommonPrefix(database: Database, companyId: string, q: string, threshold: number) {
  const { db } = database;
  const row = await db
    .selectFrom(idsMatching(db, "task", companyId, q).limit(threshold).as("m"))
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n) >= threshold;
}

/** One page of the company's tasks, filtered; every filter is served by an index (see migrations 0001, 0004). */
export async function listCompanyTasks(
  database: Database,
  companyId: string,
  filter: CompanyTaskFilter,
  tuning: { commonPrefixMatches?: number } = {},
): Promise<TaskPage> {
  const { db } = database;
  const limit = Math.min(filter.limit ?? LIST_LIMIT_DEFAULT, LIST_LIMIT_MAX);
  let query = taskQuery(db).where("t.company_id", "=", companyId);
  if (filter.status) query = query.where("t.status", "=", filter.status);
  if (filter.contractorId) query = query.where("t.contractor_id", "=", filter.contractorId);
  if (filter.project) query = query.where("t.project", "=", filter.project);
  const prefix = filter.q ? searchPrefixOf(filter.q) : null;
  if (filter.q && prefix) {
    const threshold = tuning.commonPrefixMatches ?? COMMON_PREFIX_MATCHES;
    if (await isCommonPrefix(database, companyId, filter.q, threshold)) {
      // Many tasks match: walk the newest tasks (on the filter's index) and keep those with a matching word.
      query = query.where((eb) =>
        eb.exists(
          eb
            .selectFrom("search_terms as s")
            .select(sql.lit(1).as("one"))
            .where("s.entity", "=", "task")
            .whereRef("s.entity_id", "=", "t.id")
            .where("s.term", ">=", prefix)
            .where("s.term", "<", `${prefix}\u{10FFFF}`),
        ),
      );
    } else {
      // Few match: fetch exactly those by id.
      query = query.where("t.id", "in", idsMatching(db, "task", companyId, filter.q));
    }
  }
  if (filter.cursor) query = query.where("t.id", "<", filter.cursor);
  const rows = await query
    .orderBy("t.id", "desc")
    .limit(limit + 1)
    .execute();
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
