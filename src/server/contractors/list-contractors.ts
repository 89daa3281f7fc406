import type { ExpressionBuilder, Kysely } from "kysely";
import { searchPrefixOf } from "../../common/search.ts";
import type { Contractor, ContractorPage } from "../../common/wire/contractors.ts";
import type { ContractorStatus, ContractorsTable, DB } from "../db/types.ts";
import { notFound } from "../http/problem.ts";
import { contractorQuery, presentContractor } from "./present.ts";

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 100;
/**
 * Up to this many search matches, the page is cut from the full list of matching ids; beyond it, the list
 * is walked newest first and each row is checked against the search words. Either way a page costs at
 * most a few thousand index steps, whether the words are rare or common.
 */
export const SEARCH_MATCHES_LISTED = 2000;

const END_OF_PREFIX = "\u{10FFFF}";

export interface ListContractorsInput {
  companyId: string;
  status?: ContractorStatus;
  q?: string;
  /** The id of the last contractor of the previous page. */
  cursor?: string;
  limit?: number;
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
 * Newest first, a page at a time by keyset (ids are UUIDv7, so id order is invitation order). Removed
 * contractors are listed only when asked for. Search matches the start of any word of name or email
 * through the search-terms index, so a page costs about the same at 100 or 100,000 contractors.
 */
export async function listContractors(db: Kysely<DB>, input: ListContractorsInput): Promise<ContractorPage> {
  const limit = Math.min(Math.max(input.limit ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
  const prefix = input.q ? searchPrefixOf(input.q) : null;
  let rows: Awaited<ReturnType<ReturnType<typeof contractorQuery>["execute"]>>;
  if (!prefix) {
    rows = await contractorQuery(db)
      .where((eb) => inScope(eb, input))
      .orderBy("c.id", "desc")
      .limit(limit + 1)
      .execute();
  } else {
    // An index-only range scan, stopped early: how common the searched words are decides the plan.
    const matches = await db
      .selectFrom("search_terms as st")
      .select("st.entity_id")
      .where("st.company_id", "=", input.companyId)
      .where("st.entity", "=", "contractor")
      .where("st.term", ">=", prefix)
      .where("st.term", "<", `${prefix}${END_OF_PREFIX}`)
      .limit(SEARCH_MATCHES_LISTED + 1)
      .execute();
    const ids = [...new Set(matches.map((m) => m.entity_id))];
    // Only ids are found first (on indexes alone); the page's rows are read afterwards.
    const pageIds =
      ids.length === 0
        ? []
        : await db
            .selectFrom("contractors as c")
            .select("c.id")
            .where((eb) => inScope(eb, input))
            .where((eb) =>
              matches.length <= SEARCH_MATCHES_LISTED
                ? // Few matches: just those ids, newest first.
                  eb("c.id", "in", ids)
                : // Many matches: walk the (company, status, id) index newest first, probing each id's
                  // words; a match turns up every few rows.
                  eb.exists(
                    eb
                      .selectFrom("search_terms as st")
                      .select("st.term")
                      .where("st.entity", "=", "contractor")
                      .whereRef("st.entity_id", "=", "c.id")
                      .where("st.term", ">=", prefix)
                      .where("st.term", "<", `${prefix}${END_OF_PREFIX}`),
                  ),
            )
            .orderBy("c.id", "desc")
            .limit(limit + 1)
            .execute();
    rows =
      pageIds.length === 0
        ? []
        : await contractorQuery(db)
            .where(
              "c.id",
              "in",
              pageIds.map((p) => p.id),
            )
            .orderBy("c.id", "desc")
            .execute();
  }
  const page = rows.slice(0, limit);
  return {
    items: page.map(presentContractor),
    nextCursor: rows.length > limit ? (page[page.length - 1]?.id ?? null) : null,
  };
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
