import type { CompanyMember } from "../auth/guards.ts";
import { forbidden } from "../http/problem.ts";
import { auditWhoOf, recordAudit } from "../kernel/audit.ts";
import type { Tx } from "../kernel/tx.ts";
import { ensureAnotherOwner, lockTeam } from "./owners.ts";
import { findMember } from "./queries.ts";

/**
 * An owner removes a member, or a member leaves. Access ends with the commit: the member's next request to
 * the company is a 404, and the caller signals their event streams to re-check (they stop hearing the company).
 * The last owner can neither leave nor be removed (409). Returns the removed person's id.
 */
export async function removeMember(tx: Tx, actor: CompanyMember, input: { userId: string }): Promise<string> {
  const leaving = actor.door !== "api" && actor.userId === input.userId;
  if (!leaving && actor.role !== "owner") throw forbidden("Only an owner can remove another member.");
  await lockTeam(tx, actor.companyId);
  const member = await findMember(tx.db, actor.companyId, input.userId);
  if (member.role === "owner") await ensureAnotherOwner(tx, actor.companyId, member.userId);
  await tx.db
    .deleteFrom("memberships")
    .where("company_id", "=", actor.companyId)
    .where("user_id", "=", member.userId)
    .execute();
  await recordAudit(tx, auditWhoOf(actor), {
    action: leaving ? "member.left" : "member.removed",
    subjectType: "member",
    subjectId: member.userId,
    summary: leaving ? `${member.email} left the team` : `Removed ${member.email} from the team`,
    details: { email: member.email, role: member.role },
  });
  return member.userId;
}
