import { revokeRelationTokens } from "../auth/auth-tokens.ts";
import { notFound } from "../http/problem.ts";
import type { CompanyActor } from "../kernel/actors.ts";
import { auditWhoOf, recordAudit } from "../kernel/audit.ts";
import type { Tx } from "../kernel/tx.ts";
import { withdrawQueuedEmail } from "../mail/outbox.ts";
import { publishContractorUpdates } from "./events.ts";

/**
 * The contractor leaves the company: status Removed, pending invitation links die (410), an invitation
 * email still waiting is not sent. The `contractor.removed` hook lets other features answer in the same
 * transaction (tasks cancels the Offered ones; tasks in progress or in review stay theirs to finish).
 * Removing twice changes nothing.
 */
export async function removeContractor(tx: Tx, actor: CompanyActor, contractorId: string): Promise<void> {
  const row = await tx.db
    .selectFrom("contractors")
    .select(["id", "status", "invitation_email_id", "name"])
    .where("company_id", "=", actor.companyId)
    .where("id", "=", contractorId)
    .executeTakeFirst();
  if (!row) throw notFound("Contractor");
  if (row.status === "removed") return;

  const iso = tx.now.toISOString();
  await tx.db
    .updateTable("contractors")
    .set({ status: "removed", removed_at: iso, updated_at: iso })
    .where("id", "=", row.id)
    .execute();
  await revokeRelationTokens(tx.db, row.id, tx.now);
  await withdrawQueuedEmail(tx.db, row.invitation_email_id, "Not sent: the contractor was removed first.");
  await publishContractorUpdates(tx, [row.id]);
  await recordAudit(tx, auditWhoOf(actor), {
    action: "contractor.removed",
    subjectType: "contractor",
    subjectId: row.id,
    summary: `Removed ${row.name}`,
    details: { name: row.name, status: row.status },
  });
  await tx.hooks.run(tx, "contractor.removed", {
    companyId: actor.companyId,
    contractorId: row.id,
    actorUserId: actor.userId,
    door: actor.door ?? "web",
  });
}
