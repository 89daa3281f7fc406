import type { Kysely } from "kysely";
import { newId } from "../db/ids.ts";
import type { DB } from "../db/types.ts";
import { notFound } from "../http/problem.ts";
import { enqueueEmail, withdrawQueuedEmail } from "../mail/outbox.ts";
import { offersWithdrawnEmail } from "../tasks/emails.ts";
import { mailFacts } from "../tasks/move-task.ts";
import { taskQuery } from "../tasks/present.ts";

export interface RemoveContractorOutput {
  /** The relation, when it changed (removing twice changes nothing). */
  changedContractorIds: string[];
  cancelledTaskIds: string[];
}

/**
 * The contractor leaves the company: status Removed, pending invitation links die (410), Offered tasks
 * are cancelled with a history entry; tasks In progress or In review stay theirs to finish.
 */
export async function removeContractor(
  trx: Kysely<DB>,
  input: { companyId: string; contractorId: string; actorUserId: string; appUrl: string },
  now = new Date(),
): Promise<RemoveContractorOutput> {
  const iso = now.toISOString();
  const row = await trx
    .selectFrom("contractors")
    .innerJoin("users", "users.id", "contractors.user_id")
    .innerJoin("companies", "companies.id", "contractors.company_id")
    .select([
      "contractors.id",
      "contractors.status",
      "contractors.invitation_email_id",
      "users.email",
      "companies.name as company_name",
    ])
    .where("contractors.company_id", "=", input.companyId)
    .where("contractors.id", "=", input.contractorId)
    .executeTakeFirst();
  if (!row) throw notFound("Contractor");
  if (row.status === "removed") return { changedContractorIds: [], cancelledTaskIds: [] };

  await trx
    .updateTable("contractors")
    .set({ status: "removed", removed_at: iso, updated_at: iso })
    .where("id", "=", row.id)
    .execute();
  await trx
    .updateTable("auth_tokens")
    .set({ revoked_at: iso })
    .where("contractor_id", "=", row.id)
    .where("used_at", "is", null)
    .where("revoked_at", "is", null)
    .execute();
  await withdrawQueuedEmail(trx, row.invitation_email_id, "Not sent: the contractor was removed first.");

  const offered = await trx
    .selectFrom("tasks")
    .select("id")
    .where("company_id", "=", input.companyId)
    .where("contractor_id", "=", row.id)
    .where("status", "=", "offered")
    .execute();
  const taskIds = offered.map((t) => t.id);
  // In slices: an import can offer thousands of tasks to one contractor.
  for (let i = 0; i < taskIds.length; i += 500) {
    const part = taskIds.slice(i, i + 500);
    await trx
      .updateTable("tasks")
      .set({ status: "cancelled", updated_at: iso })
      .where("id", "in", part)
      .execute();
    await trx
      .insertInto("task_events")
      .values(
        part.map((taskId) => ({
          id: newId(now.getTime()),
          task_id: taskId,
          at: iso,
          actor_user_id: input.actorUserId,
          from_status: "offered",
          to_status: "cancelled",
          comment: "The contractor was removed from the company.",
        })),
      )
      .execute();
  }
  if (taskIds.length > 0) {
    // One email for all the withdrawn offers, however many an import had made.
    const cancelled = await taskQuery(trx).where("t.id", "in", taskIds.slice(0, 50)).execute();
    const mail = offersWithdrawnEmail(input.appUrl, row.company_name, cancelled.map(mailFacts));
    await enqueueEmail(trx, { recipient: row.email, template: "tasks.offers-withdrawn", ...mail }, now);
  }
  return { changedContractorIds: [row.id], cancelledTaskIds: taskIds };
}
