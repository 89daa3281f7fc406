import type { Kysely } from "kysely";
// useToken is no React hook; the alias keeps the hooks lint rule quiet.
import { useToken as consumeToken, findLiveToken } from "../auth/auth-tokens.ts";
import type { ContractorStatus, DB, UsersTable } from "../db/types.ts";
import { forbidden, gone, notFound } from "../http/problem.ts";
import { activateIfComplete } from "./acceptance.ts";

export interface AcceptedInvitation {
  contractorId: string;
  companyId: string;
  companyName: string;
  status: ContractorStatus;
}

export interface AcceptInvitationOutput {
  invitation: AcceptedInvitation;
  /** Relations that changed (this one, and any that became Active with it): publish after commit. */
  changedContractorIds: string[];
}

async function acceptRelation(
  trx: Kysely<DB>,
  userId: string,
  contractorId: string,
  now: Date,
): Promise<AcceptInvitationOutput> {
  const iso = now.toISOString();
  await trx
    .updateTable("contractors")
    .set({ accepted_at: iso, updated_at: iso })
    .where("id", "=", contractorId)
    .execute();
  // The invitation is answered: no other link of it stays usable.
  await trx
    .updateTable("auth_tokens")
    .set({ revoked_at: iso })
    .where("contractor_id", "=", contractorId)
    .where("used_at", "is", null)
    .where("revoked_at", "is", null)
    .execute();
  const activated = await activateIfComplete(trx, userId, now);
  const row = await trx
    .selectFrom("contractors as c")
    .innerJoin("companies as co", "co.id", "c.company_id")
    .select(["c.id", "c.company_id", "co.name", "c.status"])
    .where("c.id", "=", contractorId)
    .executeTakeFirstOrThrow();
  return {
    invitation: {
      contractorId: row.id,
      companyId: row.company_id,
      companyName: row.name,
      status: row.status,
    },
    changedContractorIds: [...new Set([contractorId, ...activated])],
  };
}

/**
 * Accepting through the emailed link (proof of the mailbox), signed in as the invited account. Signed in
 * as anyone else: 403 and the link stays usable, so the right person can still open it.
 */
export async function acceptInvitationByLink(
  trx: Kysely<DB>,
  input: { token: string; user: UsersTable },
  now = new Date(),
): Promise<AcceptInvitationOutput> {
  const token = await findLiveToken(trx, input.token, now);
  if (token.purpose !== "invitation" || !token.contractor_id) throw gone();
  if (token.user_id !== input.user.id) {
    throw forbidden(
      "This invitation was sent to another email address. Sign out, then open the link again and sign in with the address that received it.",
    );
  }
  const relation = await trx
    .selectFrom("contractors")
    .select(["id", "status"])
    .where("id", "=", token.contractor_id)
    .executeTakeFirst();
  if (!relation || relation.status === "removed") throw gone();
  await consumeToken(trx, input.token, now);
  return acceptRelation(trx, input.user.id, relation.id, now);
}

/**
 * Accepting inside the app (pendingInvitations of /api/me): only for an account whose address is
 * verified, so an account self-registered on someone else's address gets nothing of the company.
 */
export async function acceptInvitationInApp(
  trx: Kysely<DB>,
  input: { contractorId: string; user: UsersTable },
  now = new Date(),
): Promise<AcceptInvitationOutput> {
  const relation = await trx
    .selectFrom("contractors")
    .select("id")
    .where("id", "=", input.contractorId)
    .where("user_id", "=", input.user.id)
    .where("status", "=", "invited")
    .where("accepted_at", "is", null)
    .executeTakeFirst();
  if (!relation) throw notFound("Invitation");
  if (!input.user.email_verified_at) {
    throw forbidden(
      "Confirm your email address first: open the invitation email we sent and accept from its link.",
    );
  }
  return acceptRelation(trx, input.user.id, relation.id, now);
}
