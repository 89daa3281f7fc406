import { formatMoney } from "../../common/money.ts";
import { TRANSFER_KIND_LABELS } from "../../common/wire/money.ts";
import type { MoneyConfig } from "../config.ts";
import type { DocumentSide } from "../db/types.ts";
import { newPdf } from "../money/pdf.ts";
import type { StatementCurrency } from "./statement-data.ts";

export interface StatementPrint {
  number: string;
  side: DocumentSide;
  period: string;
  issuedAt: Date;
  operator: MoneyConfig["operator"];
  holder: { name: string; email?: string | undefined };
  currencies: StatementCurrency[];
}

const ACCOUNT_NAMES = { available: "Available", reserved: "Reserved", withdrawing: "Being withdrawn" };

/** The monthly statement of a company or a contractor: per currency and account, opening, moves, closing. */
export function renderStatement(s: StatementPrint): Promise<Buffer> {
  const title = `Statement ${s.number}`;
  const { doc, done } = newPdf({ title, author: s.operator.name, createdAt: s.issuedAt });
  doc.font("bold").fontSize(18).text(title);
  doc
    .font("regular")
    .fontSize(10)
    .text(`Period: ${s.period} (UTC)`)
    .text(`Issued: ${s.issuedAt.toISOString().slice(0, 10)}`)
    .text(`${s.side === "company" ? "Company" : "Contractor"}: ${s.holder.name}`);
  if (s.holder.email) doc.text(s.holder.email);
  doc.text(`Operator: ${s.operator.name}, ${s.operator.address}`);
  if (s.currencies.length === 0) doc.moveDown().text("No money was held in this period.");
  for (const c of s.currencies) {
    const m = (minor: number) => `${formatMoney({ minor, currency: c.currency })} ${c.currency}`;
    doc.moveDown();
    doc.font("bold").fontSize(13).text(c.currency);
    doc.font("regular").fontSize(10);
    for (const a of c.accounts) {
      doc.text(
        `${ACCOUNT_NAMES[a.account]}: opening ${m(a.opening)}, in ${m(a.in)}, out ${m(a.out)}, closing ${m(a.closing)}`,
      );
    }
    doc.moveDown(0.4);
    if (c.entries.length === 0) doc.text("No transfers in this period.");
    for (const e of c.entries) {
      const sign = e.direction === "in" ? "+" : "−";
      doc.text(
        `${e.at.slice(0, 10)}  ${ACCOUNT_NAMES[e.account]}  ${sign}${m(e.amount)}  ${TRANSFER_KIND_LABELS[e.kind] ?? e.kind}: ${e.label}`,
      );
    }
  }
  doc.end();
  return done;
}
