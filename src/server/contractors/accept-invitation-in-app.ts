import type { AcceptedInvitation } from "../../common/wire/contractors.ts";
import type { UsersTable } from "../db/types.ts";
import { forbidden, notFound } from "../http/problem.ts";
import type { Tx } from "../kernel/tx.ts";
import { acceptRelation } from "./acceptance.ts";

/**
 * Accepting inside the app (pendingInvitations of /api/me): only for an account whose address is
 * verified, so an account self-registered on someone else's address gets nothing of the company.
 */
export async function acceptInvitationInApp(
  tx: Tx,
  user: UsersTable,
  input: { contractorId: string },
): Promise<AcceptedInvitation> {
  const relation = await tx.db
    .selectFrom("contractors")
    .select("id")
    .where("id", "=", input.contractorId)
    .where("user_id", "=", user.id)
    .where("status", "=", "invited")
    .where("accepted_at", "is", null)
    .executeTakeFirst();
  if (!relation) throw notFound("Invitation");
  if (!user.email_verified_at) {
    throw forbidden(
      "Confirm your email address first: open the invitation email we sent and accept from its link.",
    );
  }
  return acceptRelation(tx, user.id, relation.id);
}
