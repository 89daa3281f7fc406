import type { ExpressionBuilder, Kysely } from "kysely";
import { searchPrefixesOf } from "../../common/search.ts";
import type { Contractor, ContractorPage } from "../../common/wire/contractors.ts";
import { HELD_UNTIL_OWNER_CONFIRMS, type HeldEmails } from "../../common/wire/mail.ts";
import type { Database } from "../db/connection.ts";
import { countUpTo } from "../db/list-total.ts";
import { chooseSearchPlan, hasWordsStartingWith, idsMatching, rarestPrefix } from "../db/search-terms.ts";
import type { ContractorStatus, ContractorsTable, DB } from "../db/types.ts";
import { notFound } from "../http/problem.ts";
import { contractorQuery, presentContractor } from "./present.ts";

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 100;
/**
 * Below this many contractors having a word that starts with the search, the page is cut from exactly
 * those; from it on, the list is walked newest first testing each row's words. Either plan costs at most
 * about this many steps at 100,000 contractors (see `chooseSearchPlan`).
 */
export const SEARCH_WALK_THRESHOLD = 500;

export interface ListContractorsInput {
  companyId: string;
  status?: ContractorStatus;
  q?: string;
  /** The id of the last contractor of the previous page. */
  cursor?: string;
  limit?: number;
  /** With the first page: how many contractors match, counted up to TOTAL_CAP. */
  total?: boolean;
}

type ContractorScope = ExpressionBuilder<DB & { c: ContractorsTable }, "c">;

/** The company, the status (Removed only when asked for) and the cursor: the same for every plan. */
function inScope(eb: ContractorScope, input: ListContractorsInput) {
  return eb.and([
    eb("c.company_id", "=", input.companyId),
    input.status ? eb("c.status", "=", input.status) : eb("c.status", "!=", "removed"),
    ...(input.cursor ? [eb("c.id", "<", input.cursor)] : []),
  ]);
}

/**
 * The ids of a page walked newest first on PostgreSQL, on the list's own index, testing each entry's words
 * without reading the row: `(company_id, status, id, search_text)` for one status, `(company_id, id, status,
 * search_text)` otherwise. Asked plainly (`company_id = $1 AND status = $2 ORDER BY id DESC`), the planner
 * often walks the primary key instead, which its estimate puts at about the same cost but which reads every
 * row it passes: 3,088 pages against 36 for `q=ann&status=active` at 100,000 contractors. So the one value
 * that is not fixed by an equality is written as a range of one value and named in the order, which only the
 * intended index gives without sorting; the rows are the same, and each walk still starts at the cursor and
 * stops at the end of the company's (or the status's) entries.
 */
function walkedIds(db: Kysely<DB>, input: ListContractorsInput, prefixes: string[]) {
  const { companyId, status, cursor } = input;
  const scoped = status
    ? db
        .selectFrom("contractors as c")
        .select("c.id")
        .where("c.company_id", "=", companyId)
        .where("c.status", ">=", status)
        .where("c.status", "<=", status)
        .orderBy("c.status", "desc")
    : db
        .selectFrom("contractors as c")
        .select("c.id")
        .where("c.company_id", ">=", companyId)
        .where("c.company_id", "<=", companyId)
        .where("c.status", "!=", "removed")
        .orderBy("c.company_id", "desc");
  return scoped
    .$if(cursor !== undefined, (q) => q.where("c.id", "<", cursor ?? ""))
    .$if(prefixes.length > 0, (q) => q.where(hasWordsStartingWith("postgres", "c", prefixes)))
    .orderBy("c.id", "desc");
}

/**
 * Newest first, a page at a time by keyset (ids are UUIDv7, so id order is invitation order). Removed
 * contractors are listed only when asked for. Search finds contractors having, for every word typed, a
 * word of name or email that starts with it; a page costs about the same at 100 or 100,000 contractors.
 */
export async function listContractors(
  database: Database,
  input: ListContractorsInput,
): Promise<ContractorPage> {
  const { db } = database;
  const limit = Math.min(Math.max(input.limit ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
  const prefixes = input.q ? searchPrefixesOf(input.q) : [];
  const words = hasWordsStartingWith(database.dialect, "c", prefixes);
  const rarest = prefixes.length > 0 ? rarestPrefix(prefixes) : null;
  // No search or a common word: walk down the (company, status, id, words) index newest first, testing each
  // entry's words, until the page is full. A rare word: the page among exactly the contractors that have it.
  const plan =
    rarest === null
      ? "walk"
      : await chooseSearchPlan(db, "contractor", input.companyId, rarest, SEARCH_WALK_THRESHOLD);
  // The ids of the contractors the list shows, on indexes alone; a rare word among its own ids only.
  const matching = db
    .selectFrom("contractors as c")
    .select("c.id")
    .where((eb) => inScope(eb, input))
    .$if(rarest !== null, (q) => q.where(words))
    .$if(plan === "by-ids" && rarest !== null, (q) =>
      q.where("c.id", "in", idsMatching(db, "contractor", input.companyId, rarest ?? "")),
    );
  let rows: Awaited<ReturnType<ReturnType<typeof contractorQuery>["execute"]>>;
  if (plan === "walk" && database.dialect === "sqlite") {
    // SQLite tests an index entry before it reads the row: one plain statement.
    rows = await contractorQuery(db)
      .where((eb) => inScope(eb, input))
      .$if(rarest !== null, (q) => q.where(words))
      .orderBy("c.id", "desc")
      .limit(limit + 1)
      .execute();
  } else {
    // The page's ids on indexes alone (PostgreSQL reads the row before testing it otherwise), then its rows.
    const pageIds = plan === "walk" ? walkedIds(db, input, prefixes) : matching.orderBy("c.id", "desc");
    rows = await contractorQuery(db)
      .where("c.id", "in", pageIds.limit(limit + 1))
      .orderBy("c.id", "desc")
      .execute();
  }
  const page = rows.slice(0, limit);
  const result: ContractorPage = {
    items: page.map(presentContractor),
    nextCursor: rows.length > limit ? (page[page.length - 1]?.id ?? null) : null,
  };
  if (!input.total || input.cursor) return result;
  // The same filters as the page, on the same index; a rare word counts among its own ids only.
  return { ...result, total: await countUpTo(db, matching) };
}

/** One contractor of the company, or 404 (also for another company's id). */
export async function findContractor(
  db: Kysely<DB>,
  companyId: string,
  contractorId: string,
): Promise<Contractor> {
  const row = await contractorQuery(db)
    .where("c.company_id", "=", companyId)
    .where("c.id", "=", contractorId)
    .executeTakeFirst();
  if (!row) throw notFound("Contractor");
  return presentContractor(row);
}

/** How many of the company's invitation and task emails wait for its owner to confirm their address. */
export async function findHeldEmails(db: Kysely<DB>, companyId: string): Promise<HeldEmails> {
  const row = await db
    .selectFrom("outbox_emails")
    .select((eb) => eb.fn.countAll<number | string>().as("count"))
    .where("company_id", "=", companyId)
    .where("status", "=", "held")
    .executeTakeFirst();
  const count = Number(row?.count ?? 0);
  return { count, reason: count > 0 ? HELD_UNTIL_OWNER_CONFIRMS : null };
}
