import { inviteContractors } from "../contractors/invite-contractors.ts";
import type { CompanyActor } from "../kernel/actors.ts";
import type { Tx } from "../kernel/tx.ts";
import { stillCommitting } from "./committing.ts";
import { publishImportUpdated } from "./events.ts";

/**
 * One slice of a commit's contractors, in address order after the last slice: new addresses are invited
 * (one invitation per address however many rows carry it; existing accounts by the Contractors rules), the
 * team's contractors are reused. The invitations are queued held and go out when the import is shown; the
 * allowance was counted by the commit. Answers true once every address is done.
 */
export async function inviteImportContractors(
  tx: Tx,
  actor: CompanyActor,
  input: { importId: string; limit: number },
): Promise<boolean> {
  const row = await stillCommitting(tx, actor, input.importId);
  if (row.contractors_ready) return true;
  let query = tx.db
    .selectFrom("task_import_rows")
    .select(["contractor_email", (eb) => eb.fn.min("contractor_name").as("name")])
    .where("import_id", "=", input.importId)
    .where("status", "=", "valid")
    .where("contractor_email", "is not", null)
    .groupBy("contractor_email")
    .orderBy("contractor_email")
    .limit(input.limit);
  if (row.invite_cursor !== null) query = query.where("contractor_email", ">", row.invite_cursor);
  const addresses = await query.execute();
  const entries = addresses.flatMap((a) =>
    a.contractor_email ? [{ email: a.contractor_email, name: a.name }] : [],
  );
  const results = entries.length
    ? await inviteContractors(tx, actor, {
        entries,
        allowanceCounted: true,
        holdEmails: true,
        auditEach: false,
      })
    : [];
  const invited = results.filter((r) => r.outcome === "invited").length;
  const done = entries.length < input.limit;
  await tx.db
    .updateTable("task_imports")
    .set((eb) => ({
      invited_contractors: eb(eb.fn.coalesce("invited_contractors", eb.val(0)), "+", invited),
      invite_cursor: entries[entries.length - 1]?.email ?? row.invite_cursor,
      contractors_ready: done ? 1 : 0,
      updated_at: tx.now.toISOString(),
    }))
    .where("id", "=", input.importId)
    .execute();
  if (done) await publishImportUpdated(tx, actor.companyId, input.importId);
  return done;
}
