import type { Member } from "../../common/wire/admin.ts";
import type { CompanyRole } from "../../common/wire/me.ts";
import type { CompanyActor } from "../kernel/actors.ts";
import { auditWhoOf, recordAudit } from "../kernel/audit.ts";
import type { Tx } from "../kernel/tx.ts";
import { ensureAnotherOwner, lockTeam } from "./owners.ts";
import { findMember } from "./queries.ts";

/**
 * An owner gives a member another role: making someone owner hands the company over (the account page sends
 * a last owner here before deleting their account); the last owner cannot be made a manager (409).
 */
export async function changeMemberRole(
  tx: Tx,
  actor: CompanyActor,
  input: { userId: string; role: CompanyRole },
): Promise<Member> {
  await lockTeam(tx, actor.companyId);
  const member = await findMember(tx.db, actor.companyId, input.userId);
  if (member.role === input.role) return member;
  if (member.role === "owner") await ensureAnotherOwner(tx, actor.companyId, member.userId);
  await tx.db
    .updateTable("memberships")
    .set({ role: input.role })
    .where("company_id", "=", actor.companyId)
    .where("user_id", "=", member.userId)
    .execute();
  await recordAudit(tx, auditWhoOf(actor), {
    action: "member.role_changed",
    subjectType: "member",
    subjectId: member.userId,
    summary: `Made ${member.email} ${input.role === "owner" ? "an owner" : "a manager"}`,
    details: { email: member.email, from: member.role, to: input.role },
  });
  return { ...member, role: input.role };
}
