import type { CompanyActor } from "../kernel/actors.ts";
import { auditWhoOf, recordAudit } from "../kernel/audit.ts";
import type { Tx } from "../kernel/tx.ts";
import { publishAccountUpdated } from "./history.ts";

/**
 * A company's owner requires (or stops requiring) every member to sign in with a second step. Members
 * without one are led to set it up at their next sign-in; none of them can turn theirs off meanwhile.
 */
export async function setTwoStepRequirement(tx: Tx, actor: CompanyActor, required: boolean): Promise<void> {
  await tx.db
    .updateTable("companies")
    .set({ two_step_required: required ? 1 : 0 })
    .where("id", "=", actor.companyId)
    .execute();
  const members = await tx.db
    .selectFrom("memberships")
    .select("user_id")
    .where("company_id", "=", actor.companyId)
    .execute();
  for (const m of members) publishAccountUpdated(tx, m.user_id);
  await recordAudit(tx, auditWhoOf(actor), {
    action: "company.two_step_changed",
    subjectType: "company",
    subjectId: actor.companyId,
    summary: required ? "Two-step sign-in required of every member" : "Two-step sign-in no longer required",
    details: { required },
  });
}
