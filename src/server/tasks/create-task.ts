import { type Kysely, sql } from "kysely";
import { searchTextOf } from "../../common/search.ts";
import type { Task, TaskFieldsBody } from "../../common/wire/tasks.ts";
import { publishContractorUpdates } from "../contractors/acceptance.ts";
import { newId } from "../db/ids.ts";
import { insertSearchTerms } from "../db/search-terms.ts";
import type { DB } from "../db/types.ts";
import { invalidField } from "../http/problem.ts";
import type { AppContext } from "../kernel/context.ts";
import { checkAssignableContractor, inviteForTask } from "./assign.ts";
import { offeredEmail, queueTaskEmail } from "./emails.ts";
import { mailFacts, publishAndPresent } from "./move-task.ts";
import { taskQuery } from "./present.ts";
import { recordTaskEvent } from "./task-events.ts";
import {
  checkTaskFields,
  duplicateExternalId,
  ensureExternalIdFree,
  isExternalIdClash,
} from "./task-fields.ts";

export interface CreateTaskInput extends TaskFieldsBody {
  title: string;
  amount: string;
  currency: string;
  /** Invites this address (Contractors rules) and gives it the task; instead of `contractorId`. */
  contractorEmail?: string;
  /** Sends it to the contractor at once (Offered) instead of keeping a Draft. */
  send?: boolean;
}

/** The next task number of the company: one row per company, incremented under its row lock. */
export async function nextTaskNumber(trx: Kysely<DB>, companyId: string): Promise<number> {
  const row = await trx
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
 * Creates a task in the company: a Draft, or Offered when `send` is set (which needs a contractor). The task,
 * its number, its search words, its history and the offer email are one transaction.
 */
export async function createTask(
  context: AppContext,
  actor: { companyId: string; userId: string },
  input: CreateTaskInput,
): Promise<Task> {
  const fields = checkTaskFields(input);
  const byEmail = input.contractorEmail?.trim() || null;
  if (byEmail && input.contractorId) {
    throw invalidField("contractorEmail", "give either contractorId or contractorEmail, not both");
  }
  if (input.send && !input.contractorId && !byEmail) {
    throw invalidField("contractorId", "choose a contractor to send the task to, or save it as a draft");
  }
  const { db } = context.database;
  let taskId: string;
  let invited: string[] = [];
  try {
    taskId = await db.transaction().execute(async (trx) => {
      await ensureExternalIdFree(trx, actor.companyId, fields.external_id);
      let contractorId = input.contractorId ?? null;
      if (contractorId) await checkAssignableContractor(trx, actor.companyId, contractorId);
      if (byEmail) {
        const invitation = await inviteForTask(trx, context.config, actor, byEmail);
        contractorId = invitation.contractorId;
        invited = invitation.changedContractorIds;
      }
      const now = new Date();
      const at = now.toISOString();
      const id = newId(now.getTime());
      const title = fields.title ?? "";
      await trx
        .insertInto("tasks")
        .values({
          id,
          company_id: actor.companyId,
          number: await nextTaskNumber(trx, actor.companyId),
          title,
          description: fields.description ?? "",
          status: input.send ? "offered" : "draft",
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
        .execute();
      await insertSearchTerms(trx, "task", id, actor.companyId, [title]);
      await recordTaskEvent(trx, { taskId: id, actorUserId: actor.userId, from: null, to: "draft", at });
      if (input.send) {
        const eventId = await recordTaskEvent(trx, {
          taskId: id,
          actorUserId: actor.userId,
          from: "draft",
          to: "offered",
          at,
        });
        await queueOfferEmail(context, trx, id, eventId);
      }
      return id;
    });
  } catch (error) {
    if (fields.external_id && isExternalIdClash(error)) throw duplicateExternalId(fields.external_id);
    throw error;
  }
  await publishContractorUpdates(context, invited);
  return publishAndPresent(context, taskId);
}

async function queueOfferEmail(context: AppContext, trx: Kysely<DB>, taskId: string, eventId: string) {
  const row = await taskQuery(trx).where("t.id", "=", taskId).executeTakeFirstOrThrow();
  if (!row.contractor_email) return;
  const company = await trx
    .selectFrom("companies")
    .select("name")
    .where("id", "=", row.company_id)
    .executeTakeFirstOrThrow();
  await queueTaskEmail(
    trx,
    "task.offered",
    [row.contractor_email],
    offeredEmail(context.config.appUrl, company.name, [mailFacts(row)]),
    `task:${eventId}`,
  );
}
