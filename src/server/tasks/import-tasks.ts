/**
 * The tasks of a task import: written in chunks, each chunk in its own transaction, tagged with the import,
 * which keeps them out of every list and page (`shownTask`) until the import is done: they all appear with
 * the import's one-row status change. Sent tasks go
 * through the same gate as a task sent from its page (`tasks.sending`: a refused one stays Draft), and each
 * contractor gets one email listing the tasks the import offered them.
 */
import { sql } from "kysely";
import { chunks } from "../db/chunks.ts";
import { newId } from "../db/ids.ts";
import { insertRows } from "../db/insert-rows.ts";
import { insertSearchTermsOfMany, searchTextOf } from "../db/search-terms.ts";
import type { CompanyActor } from "../kernel/actors.ts";
import type { Tx } from "../kernel/tx.ts";
import { addressed, enqueueEmails } from "../mail/outbox.ts";
import { offeredEmail } from "./emails.ts";
import { recordTaskMoves, type TaskMove } from "./history.ts";
import { mailFacts, taskQuery } from "./present.ts";
import { askToSend } from "./sending.ts";

/** A task as an import's row describes it, with its contractor already found or invited. */
export interface ImportedTask {
  /** Null only for a row addressed to the importer themself: that task stays a Draft without a contractor. */
  contractorId: string | null;
  title: string;
  description: string;
  amountMinor: number;
  currency: string;
  deadline: string | null;
  project: string | null;
  externalId: string | null;
}

export interface ImportedTasksWritten {
  created: number;
  /** Sent tasks a `tasks.sending` handler refused: written as Drafts. */
  unfunded: number;
  /** Rows whose External ID a task of the company has (taken after the preview): not written. */
  skipped: number;
}

/** A task email lists at most this many tasks (an import can offer thousands to one contractor). */
const LISTED_IN_EMAIL = 50;

/** `count` task numbers in a row for the company, taken under its counter row's lock. */
async function takeTaskNumbers(tx: Tx, companyId: string, count: number): Promise<number> {
  const row = await tx.db
    .insertInto("task_counters")
    .values({ company_id: companyId, last_number: count })
    .onConflict((oc) =>
      oc.column("company_id").doUpdateSet({ last_number: sql<number>`task_counters.last_number + ${count}` }),
    )
    .returning("last_number")
    .executeTakeFirstOrThrow();
  return Number(row.last_number) - count + 1;
}

/** The External IDs among `ids` that tasks of the company already have (visible or not). */
async function takenExternalIds(tx: Tx, companyId: string, ids: string[]): Promise<Set<string>> {
  const taken = new Set<string>();
  for (const part of chunks(ids, 500)) {
    const rows = await tx.db
      .selectFrom("tasks")
      .select("external_id")
      .where("company_id", "=", companyId)
      .where("external_id", "in", part)
      .execute();
    for (const r of rows) if (r.external_id) taken.add(r.external_id);
  }
  return taken;
}

/**
 * Writes one chunk of an import's tasks, invisible: Drafts, or Offered with `send` unless the sending gate
 * refuses one. Their numbers, search words and history are written with them; no email yet.
 */
export async function writeImportedTasks(
  tx: Tx,
  actor: CompanyActor,
  input: { importId: string; send: boolean; tasks: ImportedTask[] },
): Promise<ImportedTasksWritten> {
  const externalIds = input.tasks.flatMap((t) => (t.externalId ? [t.externalId] : []));
  const taken = await takenExternalIds(tx, actor.companyId, externalIds);
  const seen = new Set<string>();
  const fresh = input.tasks.filter((t) => {
    if (!t.externalId) return true;
    if (taken.has(t.externalId) || seen.has(t.externalId)) return false;
    seen.add(t.externalId);
    return true;
  });
  const skipped = input.tasks.length - fresh.length;
  if (fresh.length === 0) return { created: 0, unfunded: 0, skipped };

  const at = tx.now.toISOString();
  const ms = tx.now.getTime();
  const planned = fresh.map((t) => ({ ...t, id: newId(ms) }));
  // Written as Offered, then asked to go (money reserves each); the refused ones are Drafts again.
  const offered = new Set(input.send ? planned.flatMap((t) => (t.contractorId ? [t.id] : [])) : []);
  const first = await takeTaskNumbers(tx, actor.companyId, planned.length);
  const rows = planned.map((t, i) => ({
    id: t.id,
    company_id: actor.companyId,
    number: first + i,
    title: t.title,
    description: t.description,
    status: offered.has(t.id) ? "offered" : "draft",
    contractor_id: t.contractorId,
    amount_minor: t.amountMinor,
    currency: t.currency,
    deadline: t.deadline,
    project: t.project,
    external_id: t.externalId,
    created_by: actor.userId,
    created_at: at,
    updated_at: at,
    result_text: null,
    result_link: null,
    search_text: searchTextOf(t.title),
    import_id: input.importId,
  }));
  // Nineteen columns a row, 19,000 parameters a statement: under SQLite's 32,766 and PostgreSQL's 65,535.
  for (const part of chunks(rows, 1000)) await insertRows(tx.db, "tasks", part);
  const refused = await askToSend(tx, actor, [...offered]);
  for (const row of rows) if (refused.has(row.id)) row.status = "draft";
  await insertSearchTermsOfMany(
    tx.db,
    "task",
    actor.companyId,
    planned.map((t) => ({ id: t.id, texts: [t.title] })),
  );
  const moves: TaskMove[] = [];
  for (const row of rows) {
    moves.push({ taskId: row.id, from: null, to: "draft" });
    if (row.status === "offered") moves.push({ taskId: row.id, from: "draft", to: "offered" });
  }
  await recordTaskMoves(tx, actor, moves, { quiet: true });
  return { created: rows.length, unfunded: refused.size, skipped };
}

/**
 * Queues, held, the offer emails of an import for the next `limit` contractors after `afterContractorId`
 * (in id order): one email each, listing the tasks the import offered them. They stay held until the import
 * is shown (`releaseHeldEmails`), so an import stopped midway sends nothing. The invitation allowance was
 * counted when the import was committed. Answers the last contractor done, or null when none was left.
 */
export async function queueImportOffers(
  tx: Tx,
  actor: CompanyActor,
  input: { importId: string; afterContractorId: string; limit: number },
): Promise<string | null> {
  const contractors = await tx.db
    .selectFrom("tasks")
    .select("contractor_id")
    .distinct()
    .where("import_id", "=", input.importId)
    .where("status", "=", "offered")
    .where("contractor_id", ">", input.afterContractorId)
    .orderBy("contractor_id")
    .limit(input.limit)
    .execute();
  const ids = contractors.flatMap((c) => (c.contractor_id ? [c.contractor_id] : []));
  const last = ids[ids.length - 1];
  if (!last) return null;
  const rows = await taskQuery(tx.db)
    .where("t.import_id", "=", input.importId)
    .where("t.status", "=", "offered")
    .where("t.contractor_id", "in", ids)
    .orderBy("t.number")
    .execute();
  const byContractor = new Map<string, typeof rows>();
  for (const row of rows) {
    const list = byContractor.get(row.contractor_id ?? "") ?? [];
    if (list.length < LISTED_IN_EMAIL) list.push(row);
    byContractor.set(row.contractor_id ?? "", list);
  }
  const company = await tx.db
    .selectFrom("companies")
    .select("name")
    .where("id", "=", actor.companyId)
    .executeTakeFirstOrThrow();
  const emails = [...byContractor].flatMap(([contractorId, listed]) => {
    const recipient = listed[0]?.contractor_email;
    if (!recipient) return [];
    const mail = offeredEmail(tx.config.appUrl, company.name, listed.map(mailFacts));
    return addressed(mail, [recipient], `task:import:${input.importId}:${contractorId}`).map((e) => ({
      ...e,
      company: { id: actor.companyId, held: true },
    }));
  });
  await enqueueEmails(tx.db, emails, tx.now);
  return last;
}

/**
 * The import's tasks appear with its status `done` (`shownTask`), in the caller's transaction: no statement
 * over the tasks themselves. Open task lists reload.
 */
export function announceImportedTasks(tx: Tx, actor: CompanyActor): void {
  tx.publish("task.updated", { companyId: actor.companyId }, { companyId: actor.companyId, refetch: true });
}
