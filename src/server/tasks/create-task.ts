import { type Kysely, sql } from "kysely";
import type { CreateTaskBody, Task } from "../../common/wire/tasks.ts";
import { newId } from "../db/ids.ts";
import { insertSearchTerms, searchTextOf } from "../db/search-terms.ts";
import type { DB } from "../db/types.ts";
import { invalidField } from "../http/problem.ts";
import type { CompanyActor } from "../kernel/actors.ts";
import type { Tx } from "../kernel/tx.ts";
import { checkAssignableContractor, inviteForTask } from "./assign.ts";
import { offeredEmail, taskEmails } from "./emails.ts";
import { publishTaskUpdate } from "./events.ts";
import { recordTaskMoves } from "./history.ts";
import { mailFacts, presentTask, taskQuery } from "./present.ts";
import { askToSend } from "./sending.ts";
import { checkTaskFields, ensureExternalIdFree, refuseExternalIdClash } from "./task-fields.ts";

/** The next task number of the company: one row per company, incremented under its row lock. */
async function nextTaskNumber(db: Kysely<DB>, companyId: string): Promise<number> {
  const row = await db
    .insertInto("task_counters")
    .values({ company_id: companyId, last_number: 1 })
    .onConflict((oc) =>
      oc.column("company_id").doUpdateSet({ last_number: sql<number>`task_counters.last_number + 1` }),
    )
    .returning("last_number")
    .executeTakeFirstOrThrow();
  return row.last_number;
}

/**
 * Creates a task in the company: a Draft, or Offered when `send` is set (which needs a contractor). With
 * `contractorEmail` the address is invited in the same transaction and gets the task. The task, its number,
 * its search words, its history and the offer email commit together.
 */
export async function createTask(tx: Tx, actor: CompanyActor, input: CreateTaskBody): Promise<Task> {
  const fields = checkTaskFields(input);
  const byEmail = input.contractorEmail?.trim() || null;
  if (byEmail && input.contractorId) {
    throw invalidField("contractorEmail", "give either contractorId or contractorEmail, not both");
  }
  if (input.send && !input.contractorId && !byEmail) {
    throw invalidField("contractorId", "choose a contractor to send the task to, or save it as a draft");
  }
  await ensureExternalIdFree(tx.db, actor.companyId, fields.external_id);
  let contractorId = input.contractorId ?? null;
  if (contractorId) await checkAssignableContractor(tx.db, actor.companyId, contractorId);
  if (byEmail) contractorId = await inviteForTask(tx, actor, byEmail);

  const at = tx.now.toISOString();
  const id = newId(tx.now.getTime());
  const title = fields.title ?? "";
  const number = await nextTaskNumber(tx.db, actor.companyId);
  const offered = input.send === true && contractorId !== null;
  await refuseExternalIdClash(fields.external_id, () =>
    tx.db
      .insertInto("tasks")
      .values({
        id,
        company_id: actor.companyId,
        number,
        title,
        description: fields.description ?? "",
        status: offered ? "offered" : "draft",
        contractor_id: contractorId,
        amount_minor: fields.amount_minor ?? 0,
        currency: fields.currency ?? "",
        deadline: fields.deadline ?? null,
        project: fields.project ?? null,
        external_id: fields.external_id ?? null,
        created_by: actor.userId,
        created_at: at,
        updated_at: at,
        result_text: null,
        result_link: null,
        search_text: searchTextOf(title),
      })
      .execute(),
  );
  await insertSearchTerms(tx.db, "task", id, actor.companyId, [title]);
  // Sending may be refused (money cannot cover it): the task is then kept as a Draft.
  const sent = offered && !(await askToSend(tx, actor, [id])).has(id);
  const [, sentId] = await recordTaskMoves(tx, actor, [
    { taskId: id, from: null, to: "draft" },
    ...(sent ? [{ taskId: id, from: "draft" as const, to: "offered" as const }] : []),
  ]);
  const row = await taskQuery(tx.db).where("t.id", "=", id).executeTakeFirstOrThrow();
  if (sentId && row.contractor_email) {
    const company = await tx.db
      .selectFrom("companies")
      .select("name")
      .where("id", "=", actor.companyId)
      .executeTakeFirstOrThrow();
    const mail = offeredEmail(tx.config.appUrl, company.name, [mailFacts(row)]);
    await taskEmails(
      tx,
      mail,
      {
        companyId: actor.companyId,
        recipients: [row.contractor_email],
        ...(row.contractor_accepted_at === null ? { unacceptedContractor: "refuse" as const } : {}),
      },
      sentId,
    );
  }
  publishTaskUpdate(tx, row);
  return presentTask(row);
}
