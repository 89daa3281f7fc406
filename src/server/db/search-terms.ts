import { type Expression, type ExpressionBuilder, type Kysely, type SqlBool, sql } from "kysely";
import { searchTermsOf, searchTextOf, wordStartNeedle } from "../../common/search.ts";
import { chunks } from "./chunks.ts";
import type { Dialect } from "./connection.ts";
import { insertRows } from "./insert-rows.ts";
import type { DB, SearchEntity } from "./types.ts";

/** A new row's inline words (`search_text`), from the same texts its search-terms rows are made of. */
export { searchTextOf };

const TABLE_OF = { contractor: "contractors", task: "tasks" } as const;
const END_OF_PREFIX = "\u{10FFFF}";

/**
 * Rewrites the search words of one contractor or task: its rows in the search-terms index and the words
 * kept on the row itself. Call it in the transaction that changes the texts.
 */
export async function writeSearchTerms(
  trx: Kysely<DB>,
  entity: SearchEntity,
  entityId: string,
  companyId: string,
  texts: Array<string | null | undefined>,
): Promise<void> {
  await trx
    .updateTable(TABLE_OF[entity])
    .set({ search_text: searchTextOf(...texts) })
    .where("id", "=", entityId)
    .execute();
  await trx
    .deleteFrom("search_terms")
    .where("entity", "=", entity)
    .where("entity_id", "=", entityId)
    .execute();
  await insertSearchTerms(trx, entity, entityId, companyId, texts);
}

/** The search-terms rows of a new contractor or task (its row was inserted with `searchTextOf` the same texts). */
export async function insertSearchTerms(
  trx: Kysely<DB>,
  entity: SearchEntity,
  entityId: string,
  companyId: string,
  texts: Array<string | null | undefined>,
): Promise<void> {
  await insertSearchTermsOfMany(trx, entity, companyId, [{ id: entityId, texts }]);
}

/** The search-terms rows of many new contractors or tasks of one company, in a few multi-row inserts. */
export async function insertSearchTermsOfMany(
  trx: Kysely<DB>,
  entity: SearchEntity,
  companyId: string,
  items: Array<{ id: string; texts: Array<string | null | undefined> }>,
): Promise<void> {
  const rows = items.flatMap(({ id, texts }) =>
    searchTermsOf(...texts).map((term) => ({ entity, entity_id: id, company_id: companyId, term })),
  );
  // Four columns a row: more rows a statement than for wider tables.
  for (const part of chunks(rows, 1000)) await insertRows(trx, "search_terms", part);
}

/**
 * A subquery for `WHERE <idColumn> IN (…)`: the entities of the company having a word that starts with
 * `prefix`. A range on the (company, entity, term) index, so it stays fast at any size.
 */
export function idsMatching(db: Kysely<DB>, entity: SearchEntity, companyId: string, prefix: string) {
  return db
    .selectFrom("search_terms")
    .select("search_terms.entity_id")
    .where("search_terms.company_id", "=", companyId)
    .where("search_terms.entity", "=", entity)
    .where("search_terms.term", ">=", prefix)
    .where("search_terms.term", "<", `${prefix}${END_OF_PREFIX}`);
}

/**
 * True when the row's inline words (its `search_text` column) have a word starting with each prefix: a
 * plain substring test on a column the list's indexes carry, so a walk down the list needs no other read.
 */
export function hasWordsStartingWith<T extends "c" | "t">(
  dialect: Dialect,
  table: T,
  prefixes: string[],
): (eb: ExpressionBuilder<DB & Record<T, { search_text: string }>, T>) => Expression<SqlBool> {
  const position = dialect === "postgres" ? "strpos" : "instr";
  return (eb) =>
    eb.and(
      prefixes.map(
        (prefix) =>
          sql<SqlBool>`${sql.raw(position)}(${sql.ref(`${table}.search_text`)}, ${wordStartNeedle(prefix)}) > 0`,
      ),
    );
}

export type SearchPlan = "by-ids" | "walk";

/**
 * Plans chosen lately, by entity, company, threshold and prefix. Both plans return the same rows, so a plan
 * kept a minute after the counts behind it changed is at worst slower, never wrong; keeping it saves the
 * count on every keystroke and every page of the same search.
 */
const chosenPlans = new Map<string, { plan: SearchPlan; until: number }>();
const PLAN_TTL_MS = 60_000;
const PLANS_KEPT = 10_000;

/**
 * How to find a page of newest-first search results. When few entities match the rarest word, their ids
 * come from the search-terms index and only those rows are read ("by-ids": at most `threshold` lookups);
 * when many match, the list is walked newest first on its own index, testing each row's inline words, and
 * a match turns up every (rows / matches) steps ("walk": about limit × rows / threshold steps at worst for
 * evenly spread matches). The count that decides stops at `threshold`, inside the database.
 */
export async function chooseSearchPlan(
  db: Kysely<DB>,
  entity: SearchEntity,
  companyId: string,
  prefix: string,
  threshold: number,
  now = Date.now(),
): Promise<SearchPlan> {
  const key = `${entity} ${companyId} ${threshold} ${prefix}`;
  const kept = chosenPlans.get(key);
  if (kept && kept.until > now) return kept.plan;
  const row = await db
    .selectFrom(idsMatching(db, entity, companyId, prefix).limit(threshold).as("m"))
    .select((eb) => eb.fn.countAll<number | string>().as("n"))
    .executeTakeFirstOrThrow();
  const plan = Number(row.n) >= threshold ? "walk" : "by-ids";
  chosenPlans.delete(key);
  if (chosenPlans.size >= PLANS_KEPT) chosenPlans.delete(chosenPlans.keys().next().value as string);
  chosenPlans.set(key, { plan, until: now + PLAN_TTL_MS });
  return plan;
}

/** The prefix the search-terms index is asked for: the longest word typed is usually the rarest. */
export function rarestPrefix(prefixes: string[]): string {
  return prefixes.reduce((a, b) => (b.length > a.length ? b : a));
}
