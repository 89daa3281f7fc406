import type { Kysely } from "kysely";
import { type InvitationConfig, inviteContractors } from "../contractors/invite-contractors.ts";
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

/**
 * "Invite a new contractor" from inside the task form: the address is invited by the Contractors rules (a new
 * account gets a set-password link, an existing one an invitation to accept; nothing tells the company which)
 * in the caller's transaction, and the task goes to that relation. An address already on the team is simply
 * chosen. Publish `changedContractorIds` after commit.
 */
export async function inviteForTask(
  trx: Kysely<DB>,
  config: InvitationConfig,
  actor: { companyId: string; userId: string },
  email: string,
): Promise<{ contractorId: string; changedContractorIds: string[] }> {
  const { results, changedContractorIds } = await inviteContractors(trx, config, {
    companyId: actor.companyId,
    inviterUserId: actor.userId,
    entries: [{ email }],
  });
  const result = results[0];
  if (!result?.contractorId || result.outcome === "invalid") {
    const message =
      result?.reason === "self"
        ? "contractorEmail is your own address: invite someone else"
        : "contractorEmail is not a valid email address";
    throw invalidField("contractorEmail", message);
  }
  return { contractorId: result.contractorId, changedContractorIds };
}
