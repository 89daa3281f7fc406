import { companyMail } from "../auth/company-mail.ts";
import type { CompanyActor } from "../kernel/actors.ts";
import { auditWhoOf, recordAudit } from "../kernel/audit.ts";
import { emitCompanyEvents } from "../kernel/company-events.ts";
import type { Tx } from "../kernel/tx.ts";
import { releaseHeldEmails } from "../mail/outbox.ts";
import { announceImportedTasks } from "../tasks/import-tasks.ts";
import { stillCommitting } from "./committing.ts";
import { publishImportUpdated } from "./events.ts";

/**
 * The end of a commit, in one short transaction: the import's tasks appear with its status `done`, its
 * held invitations and offers go out (unless the company's owner has not confirmed their address: then they
 * wait for it, as every email of the company does), and the import is done with its result.
 */
export async function finishCommit(tx: Tx, actor: CompanyActor, importId: string): Promise<void> {
  const record = await stillCommitting(tx, actor, importId);
  const mail = await companyMail(tx.db, actor.companyId);
  if (!mail.held) await releaseHeldEmails(tx.db, [actor.companyId], tx.now);
  const at = tx.now.toISOString();
  await tx.db
    .updateTable("task_imports")
    .set((eb) => ({
      status: "done",
      committed_at: at,
      updated_at: at,
      progress_done: eb.ref("progress_total"),
    }))
    .where("id", "=", importId)
    .execute();
  announceImportedTasks(tx, actor);
  const counts = {
    createdTasks: record.created_tasks ?? 0,
    invitedContractors: record.invited_contractors ?? 0,
    unfundedTasks: record.unfunded_tasks ?? 0,
    skippedRows: record.skipped_rows ?? 0,
    sent: record.commit_send === 1,
  };
  await recordAudit(tx, auditWhoOf(actor), {
    action: "import.committed",
    subjectType: "import",
    subjectId: importId,
    summary: `${record.file_name}: ${counts.createdTasks} tasks, ${counts.invitedContractors} contractors invited`,
    details: { fileName: record.file_name, ...counts },
  });
  await emitCompanyEvents(tx, actor.companyId, [
    { type: "import.completed", data: { importId, fileName: record.file_name, committedAt: at, ...counts } },
  ]);
  if (record.job_id) await tx.db.deleteFrom("jobs").where("id", "=", record.job_id).execute();
  await publishImportUpdated(tx, actor.companyId, importId);
}
