import { conflict } from "../http/problem.ts";
import type { CompanyActor } from "../kernel/actors.ts";
import { auditWhoOf, recordAudit } from "../kernel/audit.ts";
import type { Tx } from "../kernel/tx.ts";
import { publishTopUp } from "./events.ts";
import { findCompanyTopUp, topUpQuery } from "./top-up-rows.ts";

/** The owner withdraws a top-up that has not arrived: its proforma no longer asks for payment. */
export async function cancelTopUp(tx: Tx, actor: CompanyActor, topUpId: string): Promise<void> {
  const row = await findCompanyTopUp(tx.db, actor.companyId, topUpId);
  const update = await tx.db
    .updateTable("top_ups")
    .set({ status: "cancelled" })
    .where("id", "=", row.id)
    .where("status", "=", "awaiting_payment")
    .executeTakeFirst();
  if (Number(update.numUpdatedRows) !== 1) {
    throw conflict(`Top-up ${row.number} is no longer awaiting payment: it cannot be cancelled.`);
  }
  await recordAudit(tx, auditWhoOf(actor), {
    action: "top_up.cancelled",
    subjectType: "top_up",
    subjectId: row.id,
    summary: `Top-up ${row.number}`,
    details: { number: row.number },
  });
  publishTopUp(tx, await topUpQuery(tx.db).where("u.id", "=", row.id).executeTakeFirstOrThrow());
}
