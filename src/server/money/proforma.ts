import { formatMoney } from "../../common/money.ts";
import type { MoneyConfig } from "../config.ts";
import { newPdf } from "./pdf.ts";
import type { TopUpRow } from "./top-up-rows.ts";

/** The proforma invoice of a top-up: the operator's bank details and the reference to quote, as a PDF. */
export function renderProforma(row: TopUpRow, operator: MoneyConfig["operator"]): Promise<Buffer> {
  const { doc, done } = newPdf({ title: `Proforma invoice ${row.number}`, author: operator.name });
  const amount = `${formatMoney({ minor: Number(row.amount_minor), currency: row.currency })} ${row.currency}`;
  doc.fontSize(20).text(`Proforma invoice ${row.number}`);
  doc
    .moveDown(0.5)
    .fontSize(10)
    .text(`Date: ${row.created_at.slice(0, 10)}`);
  doc.moveDown();
  doc.fontSize(12).text("From", { underline: true });
  doc.fontSize(10).text(operator.name).text(operator.address);
  doc.moveDown();
  doc.fontSize(12).text("Bill to", { underline: true });
  doc.fontSize(10).text(row.company_name);
  doc.moveDown();
  doc.fontSize(12).text("Prepayment of the Crewdesk balance", { underline: true });
  doc.fontSize(16).text(amount);
  doc.moveDown();
  doc.fontSize(12).text("Pay by bank transfer to", { underline: true });
  doc.fontSize(10).text(operator.bankDetails);
  doc.moveDown();
  doc.fontSize(12).text("Payment reference (quote it exactly)", { underline: true });
  doc.fontSize(16).text(row.payment_reference);
  doc.moveDown(2);
  doc
    .fontSize(9)
    .text(
      "This is a request for prepayment, not a tax invoice. The amount is added to the balance once the transfer arrives; " +
        "a transfer without the reference may take longer to match.",
    );
  doc.end();
  return done;
}
