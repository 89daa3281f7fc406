import { recordAudit } from "../kernel/audit.ts";
import type { Tx } from "../kernel/tx.ts";
import { issueDocument } from "./issue-document.ts";
import { renderInWorker } from "./render-in-worker.ts";

/**
 * The acts of acceptance of a paid task, one for the company and one for the contractor, each numbered and
 * stored as issued. Run by the documents worker after the payment committed; a second run issues nothing
 * (each copy has its key). A task that is not paid (any more) has none. Returns how many were issued.
 */
export async function issueActs(tx: Tx, taskId: string): Promise<number> {
  const row = await tx.db
    .selectFrom("task_payments as p")
    .innerJoin("tasks as t", "t.id", "p.task_id")
    .innerJoin("companies as co", "co.id", "t.company_id")
    .innerJoin("contractors as c", "c.id", "t.contractor_id")
    .innerJoin("users as u", "u.id", "c.user_id")
    .innerJoin("ledger_transfers as l", (join) =>
      join.on("l.reference_type", "=", "task").onRef("l.reference_id", "=", "p.task_id"),
    )
    .select([
      "p.task_id",
      "p.amount_minor",
      "p.fee_minor",
      "p.currency",
      "t.company_id",
      "t.number",
      "t.title",
      "co.name as company_name",
      "u.id as user_id",
      "u.name as user_name",
      "u.email as user_email",
      "l.at as paid_at",
    ])
    .where("p.task_id", "=", taskId)
    .where("p.status", "=", "paid")
    .where("l.kind", "=", "payment")
    .executeTakeFirst();
  if (!row) return 0;
  const issued: string[] = [];
  for (const side of ["company", "contractor"] as const) {
    const doc = await issueDocument(
      tx,
      {
        kind: "act",
        side,
        companyId: side === "company" ? row.company_id : null,
        contractorUserId: side === "contractor" ? row.user_id : null,
        taskId: row.task_id,
        title: `Task #${row.number}: ${row.title}`.slice(0, 200),
        issueKey: `act:${side}:${row.task_id}`,
      },
      (number) =>
        renderInWorker({
          kind: "act",
          data: {
            number,
            side,
            issuedAt: tx.now,
            paidAt: row.paid_at,
            operator: tx.config.money.operator,
            company: { name: row.company_name },
            contractor: { name: row.user_name, email: row.user_email },
            task: { number: row.number, title: row.title },
            amountMinor: Number(row.amount_minor),
            feeMinor: Number(row.fee_minor),
            currency: row.currency,
          },
        }),
    );
    if (!doc) continue;
    issued.push(doc.number);
    if (side === "company")
      tx.publish("documents.updated", { companyId: row.company_id }, { companyId: row.company_id });
    else tx.publish("documents.updated", { userIds: [row.user_id] }, { userId: row.user_id });
  }
  if (issued.length > 0) {
    await recordAudit(
      tx,
      { companyId: row.company_id, userId: null, door: "system" },
      {
        action: "document.issued",
        subjectType: "task",
        subjectId: row.task_id,
        summary: `Issued the acts of acceptance ${issued.join(", ")} for task #${row.number}`,
        details: { kind: "act", numbers: issued },
      },
    );
  }
  return issued.length;
}
