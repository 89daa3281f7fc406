import { formatMoney, parseMoney } from "../../common/money.ts";
import type { TopUp } from "../../common/wire/money.ts";
import { newId } from "../db/ids.ts";
import { invalidField } from "../http/problem.ts";
import type { CompanyActor } from "../kernel/actors.ts";
import { auditWhoOf, recordAudit } from "../kernel/audit.ts";
import type { Tx } from "../kernel/tx.ts";
import { publishTopUp } from "./events.ts";
import { newPaymentReference, nextDocumentNumber, presentTopUp, topUpQuery } from "./top-up-rows.ts";

/**
 * The owner asks for a top-up: a numbered proforma invoice with a unique payment reference to quote on the
 * bank transfer. Nothing moves until the money arrives and finance records it.
 */
export async function requestTopUp(
  tx: Tx,
  actor: CompanyActor,
  input: { amount: string; currency: string },
): Promise<TopUp> {
  const parsed = parseMoney(input.amount, input.currency.trim().toUpperCase());
  if (!parsed.ok) throw invalidField(parsed.field, parsed.message);
  const year = tx.now.getUTCFullYear();
  const number = await nextDocumentNumber(tx.db, "proforma", year);
  const id = newId(tx.now.getTime());
  await tx.db
    .insertInto("top_ups")
    .values({
      id,
      company_id: actor.companyId,
      number: `PF-${year}-${String(number).padStart(6, "0")}`,
      amount_minor: parsed.money.minor,
      currency: parsed.money.currency,
      status: "awaiting_payment",
      payment_reference: newPaymentReference(),
      received_amount_minor: null,
      requested_by: actor.userId,
      received_by: null,
      created_at: tx.now.toISOString(),
      received_at: null,
    })
    .execute();
  const row = await topUpQuery(tx.db).where("u.id", "=", id).executeTakeFirstOrThrow();
  publishTopUp(tx, row);
  const amount = formatMoney(parsed.money);
  await recordAudit(tx, auditWhoOf(actor), {
    action: "top_up.requested",
    subjectType: "top_up",
    subjectId: id,
    summary: `Top-up ${row.number}: ${amount} ${parsed.money.currency}`,
    details: { number: row.number, amount, currency: parsed.money.currency },
  });
  return presentTopUp(row);
}
