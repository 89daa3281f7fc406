import { newId } from "../db/ids.ts";
import type { DocumentKind, DocumentSide } from "../db/types.ts";
import type { Tx } from "../kernel/tx.ts";
import { nextDocumentNumber } from "../money/top-up-rows.ts";

const PREFIX: Record<DocumentKind, string> = { act: "ACT", statement: "ST" };

export interface DocumentToIssue {
  kind: DocumentKind;
  side: DocumentSide;
  companyId: string | null;
  contractorUserId: string | null;
  taskId?: string;
  period?: string;
  title: string;
  /** One paper, one key: `act:company:<taskId>`, `statement:contractor:<userId>:2026-11`. */
  issueKey: string;
}

/**
 * Issues one document in the caller's transaction: the next number of its kind in the year of issue (the
 * counter's row stays locked until the commit, so numbers have no gaps and no repeats), the PDF rendered
 * with it, and its bytes stored as issued. A paper issued before (its key) is left as it is: null.
 */
export async function issueDocument(
  tx: Tx,
  doc: DocumentToIssue,
  render: (number: string) => Promise<Buffer>,
): Promise<{ id: string; number: string } | null> {
  const existing = await tx.db
    .selectFrom("documents")
    .select("id")
    .where("issue_key", "=", doc.issueKey)
    .executeTakeFirst();
  if (existing) return null;
  const year = tx.now.getUTCFullYear();
  const sequence = await nextDocumentNumber(tx.db, doc.kind, year);
  const number = `${PREFIX[doc.kind]}-${year}-${String(sequence).padStart(6, "0")}`;
  const pdf = await render(number);
  const id = newId(tx.now.getTime());
  await tx.db
    .insertInto("documents")
    .values({
      id,
      number,
      kind: doc.kind,
      side: doc.side,
      company_id: doc.companyId,
      contractor_user_id: doc.contractorUserId,
      task_id: doc.taskId ?? null,
      month: doc.period ?? tx.now.toISOString().slice(0, 7),
      period: doc.period ?? null,
      title: doc.title,
      issue_key: doc.issueKey,
      pdf,
      created_at: tx.now.toISOString(),
    })
    .execute();
  return { id, number };
}
