import { formatMoney } from "../../common/money.ts";
import type { MoneyConfig } from "../config.ts";
import type { DocumentSide } from "../db/types.ts";
import { newPdf } from "../money/pdf.ts";

/** Everything an act of acceptance prints: what was accepted, by whom, for how much. */
export interface ActData {
  number: string;
  side: DocumentSide;
  issuedAt: Date;
  /** When the company accepted the result and the task was paid. */
  paidAt: string;
  operator: MoneyConfig["operator"];
  company: { name: string };
  contractor: { name: string; email: string };
  task: { number: number; title: string };
  amountMinor: number;
  feeMinor: number;
  currency: string;
}

const money = (minor: number, currency: string) => `${formatMoney({ minor, currency })} ${currency}`;

/** The act of acceptance of a paid task, one A4 page, for the company's or the contractor's records. */
export function renderAct(act: ActData): Promise<Buffer> {
  const title = `Act of acceptance ${act.number}`;
  const { doc, done } = newPdf({ title, author: act.operator.name, createdAt: act.issuedAt });
  doc.font("bold").fontSize(18).text(title);
  doc
    .font("regular")
    .fontSize(10)
    .text(`Date of acceptance: ${act.paidAt.slice(0, 10)}`)
    .text(`Issued: ${act.issuedAt.toISOString().slice(0, 10)}`)
    .text(`Copy for the ${act.side === "company" ? "company" : "contractor"}`);
  doc.moveDown();
  const party = (heading: string, lines: string[]) => {
    doc.font("bold").fontSize(11).text(heading);
    doc.font("regular").fontSize(10);
    for (const line of lines) doc.text(line);
    doc.moveDown(0.6);
  };
  party("Company (customer)", [act.company.name]);
  party("Contractor", [act.contractor.name, act.contractor.email]);
  party("Operator (paying agent)", [act.operator.name, act.operator.address]);
  doc.font("bold").fontSize(11).text("Work accepted");
  doc.font("regular").fontSize(10).text(`Task #${act.task.number}: ${act.task.title}`);
  doc.moveDown(0.6);
  doc.font("bold").fontSize(11).text("Amounts");
  doc
    .font("regular")
    .fontSize(10)
    .text(`Paid to the contractor: ${money(act.amountMinor, act.currency)}`);
  if (act.side === "company") {
    doc.text(`Platform fee: ${money(act.feeMinor, act.currency)}`);
    doc.text(`Total charged to the company: ${money(act.amountMinor + act.feeMinor, act.currency)}`);
  }
  doc.moveDown(1.5);
  doc
    .fontSize(9)
    .text(
      "The company accepted the result of the task above as complete and of the agreed quality; the operator " +
        "paid the contractor the amount above from the company's prepaid balance. The parties have no claims " +
        "against each other concerning this task.",
    );
  doc.end();
  return done;
}
