import type { Kysely } from "kysely";
import type { DB } from "../db/types.ts";
import { invalidField } from "../http/problem.ts";

/**
 * The contractor a task is given to: a relation of this company, not removed. Any other id (unknown, or of
 * another company) gets the same answer, so it reveals nothing.
 */
export async function checkAssignableContractor(
  trx: Kysely<DB>,
  companyId: string,
  contractorId: string,
): Promise<void> {
  const contractor = await trx
    .selectFrom("contractors")
    .select("status")
    .where("id", "=", contractorId)
    .where("company_id", "=", companyId)
    .executeTakeFirst();
  if (!contractor) throw invalidField("contractorId", "contractorId is not a contractor of this company");
  if (contractor.status === "removed") {
    throw invalidField("contractorId", "this contractor was removed from the team: invite them again first");
  }
}
