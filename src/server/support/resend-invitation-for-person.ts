import { resendInvitation } from "../contractors/resend-invitation.ts";
import { newId } from "../db/ids.ts";
import { notFound } from "../http/problem.ts";
import type { SupportAgent } from "../kernel/actors.ts";
import type { Tx } from "../kernel/tx.ts";
import { accountOfConversation } from "./person-context.ts";
import { findConversationRow } from "./queries.ts";

export const SUPPORT_RESEND_ACTION = "support.invitation_resent";

/**
 * An agent sends a company's invitation again on the company's behalf, for the person of the conversation
 * only (any other relation is 404). It is the company's own resend (new link, the old one dies, the same
 * daily and hourly limits), signed with the name of whoever invited them, and recorded in the audit log as
 * done by support. The company's list sees the contractor change live. Returns the company.
 */
export async function resendInvitationForPerson(
  tx: Tx,
  agent: SupportAgent,
  input: { conversationId: string; contractorId: string },
): Promise<{ companyId: string }> {
  const conversation = await findConversationRow(tx.db, input.conversationId);
  const found = await accountOfConversation(tx.db, conversation);
  const relation = found
    ? await tx.db
        .selectFrom("contractors")
        .select(["id", "company_id", "invited_by"])
        .where("id", "=", input.contractorId)
        .where("user_id", "=", found.account.id)
        .executeTakeFirst()
    : undefined;
  if (!relation) throw notFound("Contractor");
  // The company's own resend, signed by whoever invited them (the email names its inviter); the company's
  // audit log names the agent, through the support door.
  const onBehalf = { companyId: relation.company_id, userId: agent.userId, door: "support" as const };
  await resendInvitation(tx, onBehalf, relation.id, { signedBy: relation.invited_by ?? agent.userId });
  await tx.db
    .insertInto("audit_log")
    .values({
      id: newId(tx.now.getTime()),
      company_id: relation.company_id,
      actor_user_id: agent.userId,
      action: SUPPORT_RESEND_ACTION,
      subject_id: relation.id,
      data: JSON.stringify({ conversationId: conversation.id, agentName: agent.name }),
      at: tx.now.toISOString(),
    })
    .execute();
  return { companyId: relation.company_id };
}
