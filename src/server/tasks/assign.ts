import type { Kysely } from "kysely";
import { normalizeEmail } from "../../common/email.ts";
import { inviteContractors } from "../contractors/invite-contractors.ts";
import type { DB } from "../db/types.ts";
import { invalidField } from "../http/problem.ts";
import type { CompanyActor } from "../kernel/actors.ts";
import type { Tx } from "../kernel/tx.ts";

/**
 * The contractor a task is given to: a relation of this company, not removed. Any other id (unknown, or of
 * another company) gets the same answer, so it reveals nothing.
 */
export async function checkAssignableContractor(
  db: Kysely<DB>,
  companyId: string,
  contractorId: string,
): Promise<void> {
  const contractor = await db
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
 * "Invite a new contractor" from the task form (`contractorEmail`): the address is invited by the
 * Contractors rules (a new account gets a set-password link, an existing one an invitation to accept;
 * nothing tells the company which) in the task's transaction, and the task goes to that relation. An
 * address already on the team is simply chosen. Returns the relation's id.
 */
export async function inviteForTask(tx: Tx, actor: CompanyActor, contractorEmail: string): Promise<string> {
  const email = normalizeEmail(contractorEmail);
  if (!email) throw invalidField("contractorEmail", "contractorEmail is not a valid email address");
  const [result] = await inviteContractors(tx, actor, { entries: [{ email, name: null }] });
  if (!result?.contractorId || result.outcome === "invalid") {
    const message =
      result?.reason === "self"
        ? "contractorEmail is your own address: invite someone else"
        : "contractorEmail is not a valid email address";
    throw invalidField("contractorEmail", message);
  }
  return result.contractorId;
}
