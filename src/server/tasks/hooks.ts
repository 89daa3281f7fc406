import { chunks } from "../db/chunks.ts";
import type { HookPayloads, Hooks, Tx } from "../kernel/tx.ts";
import { offersWithdrawnEmail, taskEmails } from "./emails.ts";
import { publishTaskUpdate } from "./events.ts";
import { recordTaskMoves } from "./history.ts";
import { mailFacts, taskQuery } from "./present.ts";

/** How tasks answer other features' changes, in their transactions. */
export function registerTaskHooks(hooks: Hooks): void {
  hooks.on("contractor.removed", withdrawOffers);
}

/** A task email lists at most this many tasks; an import can have offered thousands. */
const LISTED_IN_EMAIL = 50;

/**
 * A contractor removed from the team loses the offers the company made them: each Offered task is cancelled
 * with a history entry, and they get one email for all of them. Tasks in progress or in review stay theirs
 * to finish.
 */
async function withdrawOffers(
  tx: Tx,
  { companyId, contractorId, actorUserId, door }: HookPayloads["contractor.removed"],
): Promise<void> {
  const offered = await tx.db
    .selectFrom("tasks")
    .select("id")
    .where("company_id", "=", companyId)
    .where("contractor_id", "=", contractorId)
    .where("status", "=", "offered")
    .execute();
  const taskIds = offered.map((t) => t.id);
  if (taskIds.length === 0) return;
  const iso = tx.now.toISOString();
  for (const part of chunks(taskIds)) {
    await tx.db
      .updateTable("tasks")
      .set({ status: "cancelled", updated_at: iso })
      .where("id", "in", part)
      .execute();
  }
  await recordTaskMoves(
    tx,
    { companyId, userId: actorUserId, door },
    taskIds.map((taskId) => ({
      taskId,
      from: "offered" as const,
      to: "cancelled" as const,
      comment: "The contractor was removed from the company.",
    })),
  );

  await tx.hooks.run(tx, "task.released", { companyId, taskIds });

  const listed = await taskQuery(tx.db).where("t.id", "in", taskIds.slice(0, LISTED_IN_EMAIL)).execute();
  const first = listed[0];
  const company = await tx.db
    .selectFrom("companies")
    .select("name")
    .where("id", "=", companyId)
    .executeTakeFirstOrThrow();
  if (first?.contractor_email) {
    const mail = offersWithdrawnEmail(tx.config.appUrl, company.name, listed.map(mailFacts));
    // Keyed by the removal's first history entry: one email for the removal, however it is retried.
    await taskEmails(
      tx,
      mail,
      {
        companyId,
        recipients: [first.contractor_email],
        ...(first.contractor_accepted_at === null ? { unacceptedContractor: "skip" as const } : {}),
      },
      `withdrawn:${contractorId}:${tx.now.getTime()}`,
    );
  }
  for (const part of chunks(taskIds)) {
    const rows = await taskQuery(tx.db).where("t.id", "in", part).execute();
    for (const row of rows) publishTaskUpdate(tx, row);
  }
}
