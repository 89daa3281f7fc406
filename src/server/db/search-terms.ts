import type { Kysely } from "kysely";
import { searchPrefixOf, searchTermsOf } from "../../common/search.ts";
import type { DB, SearchEntity } from "./types.ts";

/** Rewrites the search words of one contractor or task; call it in the transaction that changes the texts. */
export async function writeSearchTerms(
  trx: Kysely<DB>,
  entity: SearchEntity,
  entityId: string,
  companyId: string,
  texts: Array<string | null | undefined>,
): Promise<void> {
  await trx
    .deleteFrom("search_terms")
    .where("entity", "=", entity)
    .where("entity_id", "=", entityId)
    .execute();
  const terms = searchTermsOf(...texts);
  if (terms.length === 0) return;
  await trx
    .insertInto("search_terms")
    .values(terms.map((term) => ({ entity, entity_id: entityId, company_id: companyId, term })))
    .execute();
}

/**
 * A subquery for `WHERE <idColumn> IN (…)`: the entities of the company having a word that starts with
 * the query. A range on the (company, entity, term) index, so it stays fast at any size and in any script.
 */
export function idsMatching(db: Kysely<DB>, entity: SearchEntity, companyId: string, query: string) {
  const prefix = searchPrefixOf(query) ?? "";
  return db
    .selectFrom("search_terms")
    .select("search_terms.entity_id")
    .where("search_terms.company_id", "=", companyId)
    .where("search_terms.entity", "=", entity)
    .where("search_terms.term", ">=", prefix)
    .where("search_terms.term", "<", `${prefix}\u{10FFFF}`);
}
