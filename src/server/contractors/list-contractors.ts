import type { Kysely } from "kysely";
import { idsMatching } from "../db/search-terms.ts";
import type { ContractorStatus, DB } from "../db/types.ts";
import { notFound } from "../http/problem.ts";
import { type ContractorView, contractorQuery, presentContractor } from "./present.ts";

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 100;

export interface ListContractorsInput {
  companyId: string;
  status?: ContractorStatus;
  q?: string;
  /** The id of the last contractor of the previous page. */
  cursor?: string;
  limit?: number;
}

export interface ContractorPage {
  items: ContractorView[];
  nextCursor: string | null;
}

/**
 * Newest first, a page at a time by keyset (ids are UUIDv7, so id order is invitation order). Removed
 * contractors are listed only when asked for. The search reads the search-terms index, so a page costs
 * the same at 100 or 100,000 contractors.
 */
export async function listContractors(db: Kysely<DB>, input: ListContractorsInput): Promise<ContractorPage> {
  const limit = Math.min(Math.max(input.limit ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
  let query = contractorQuery(db).where("c.company_id", "=", input.companyId);
  query = input.status
    ? query.where("c.status", "=", input.status)
    : query.where("c.status", "in", ["invited", "active"]);
  const q = input.q?.trim();
  if (q) query = query.where("c.id", "in", idsMatching(db, "contractor", input.companyId, q));
  if (input.cursor) query = query.where("c.id", "<", input.cursor);
  const rows = await query
    .orderBy("c.id", "desc")
    .limit(limit + 1)
    .execute();
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
): Promise<ContractorView> {
  const row = await contractorQuery(db)
    .where("c.company_id", "=", companyId)
    .where("c.id", "=", contractorId)
    .executeTakeFirst();
  if (!row) throw notFound("Contractor");
  return presentContractor(row);
}
