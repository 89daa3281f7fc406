import { sql } from "kysely";
import { recordAudit } from "../kernel/audit.ts";
import type { Tx } from "../kernel/tx.ts";
import { issueDocument } from "./issue-document.ts";
import { renderInWorker } from "./render-in-worker.ts";
import { type StatementSide, statementOf } from "./statement-data.ts";

/**
 * One side's statement of a closed month: opening balance, every transfer and closing balance per currency,
 * numbered and stored as issued. Issued once: a second call for the same side and month changes nothing.
 */
export async function issueStatement(
  tx: Tx,
  who: StatementSide,
  period: string,
): Promise<"issued" | "skipped"> {
  const holder =
    who.side === "company"
      ? await tx.db
          .selectFrom("companies")
          .select(["name", sql<string | null>`null`.as("email")])
          .where("id", "=", who.id)
          .executeTakeFirst()
      : await tx.db.selectFrom("users").select(["name", "email"]).where("id", "=", who.id).executeTakeFirst();
  if (!holder) return "skipped";
  const currencies = await statementOf(tx.db, who, period);
  const doc = await issueDocument(
    tx,
    {
      kind: "statement",
      side: who.side,
      companyId: who.side === "company" ? who.id : null,
      contractorUserId: who.side === "contractor" ? who.id : null,
      period,
      title: `Statement for ${period}`,
      issueKey: `statement:${who.side}:${who.id}:${period}`,
    },
    (number) =>
      renderInWorker({
        kind: "statement",
        data: {
          number,
          side: who.side,
          period,
          issuedAt: tx.now,
          operator: tx.config.money.operator,
          holder: { name: holder.name, email: holder.email ?? undefined },
          currencies,
        },
      }),
  );
  if (!doc) return "skipped";
  if (who.side === "company") {
    tx.publish("documents.updated", { companyId: who.id }, { companyId: who.id });
    await recordAudit(
      tx,
      { companyId: who.id, userId: null, door: "system" },
      {
        action: "document.issued",
        subjectType: "document",
        subjectId: doc.id,
        summary: `Issued the statement ${doc.number} for ${period}`,
        details: { kind: "statement", number: doc.number, period },
      },
    );
  } else {
    tx.publish("documents.updated", { userIds: [who.id] }, { userId: who.id });
  }
  return "issued";
}
