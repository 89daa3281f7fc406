import SEPA from "sepa";
import { formatMoney } from "../../common/money.ts";
import { checkBic, checkIban } from "../../common/payout-details.ts";
import type { PayoutBatchesTable } from "../db/types.ts";
import { conflict } from "../http/problem.ts";
import type { WithdrawalRow } from "./rows.ts";

/** What a bank file says of one withdrawal. */
export type BankFileItem = Pick<
  WithdrawalRow,
  "number" | "account_holder" | "iban" | "bic" | "amount_minor" | "currency"
>;

/** The operator's account money is paid from, as OPERATOR_BANK_DETAILS names it ("IBAN …, BIC …, Bank"). */
export function operatorAccount(bankDetails: string): { iban: string; bic: string | null } {
  const iban = /IBAN[:\s]*([A-Z]{2}[0-9]{2}[A-Z0-9 ]{10,40}?)(?=,|;|\n|$|\s+BIC)/i.exec(bankDetails)?.[1];
  const checked = iban ? checkIban(iban) : null;
  if (!checked?.ok)
    throw conflict(
      "OPERATOR_BANK_DETAILS holds no valid IBAN: the bank file needs the account the payouts are paid from.",
    );
  const bic = /BIC[:\s]*([A-Z0-9]{8}(?:[A-Z0-9]{3})?)\b/i.exec(bankDetails)?.[1];
  const bicChecked = bic ? checkBic(bic) : null;
  return { iban: checked.value, bic: bicChecked?.ok ? bicChecked.value : null };
}

/** Who pays: the operator's name and account, as a pain.001 file names its debtor. */
export interface Debtor {
  name: string;
  iban: string;
  bic: string | null;
}

/** The debtor of a batch's pain.001 file; 409 for a batch not in EUR or an operator without an IBAN. */
export function pain001Debtor(
  batch: PayoutBatchesTable,
  operator: { name: string; bankDetails: string },
): Debtor {
  if (batch.currency !== "EUR")
    throw conflict(
      `A pain.001 file carries EUR only; download batch ${batch.number} (${batch.currency}) as CSV.`,
    );
  return { name: operator.name.slice(0, 70), ...operatorAccount(operator.bankDetails) };
}

/**
 * The batch as an ISO 20022 pain.001.001.03 credit transfer initiation (SEPA, EUR only), written by the
 * `sepa` package: one payment information block, one transaction per withdrawal, its number as EndToEndId.
 */
export function pain001Xml(
  batch: PayoutBatchesTable,
  items: readonly BankFileItem[],
  debtor: Debtor,
): string {
  const doc = new SEPA.Document("pain.001.001.03");
  doc.grpHdr.id = batch.number;
  doc.grpHdr.created = new Date(batch.created_at);
  doc.grpHdr.initiatorName = debtor.name;
  const info = doc.createPaymentInfo();
  info.requestedExecutionDate = new Date(batch.sent_at ?? batch.created_at);
  info.debtorIBAN = debtor.iban;
  if (debtor.bic) info.debtorBIC = debtor.bic;
  info.debtorName = debtor.name;
  doc.addPaymentInfo(info);
  for (const item of items) {
    const tx = info.createTransaction();
    tx.creditorName = item.account_holder;
    tx.creditorIBAN = item.iban;
    tx.creditorBIC = item.bic;
    // Two decimals: the library writes the amount with toFixed(2), exact for every whole number of cents.
    tx.amount = Number(formatMoney({ minor: Number(item.amount_minor), currency: "EUR" }));
    tx.currency = "EUR";
    tx.remittanceInfo = `Crewdesk withdrawal ${item.number}`;
    tx.end2endId = item.number;
    info.addTransaction(tx);
  }
  return doc.toString();
}

/**
 * A cell a spreadsheet would run as a formula gets a leading apostrophe (OWASP: CSV injection).
 */
const cell = (text: string) => {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
};

/** The batch as a spreadsheet of transfers for any currency: UTF-8 with its byte order mark. */
export function batchCsv(batch: PayoutBatchesTable, items: readonly BankFileItem[]): string {
  const lines = [["Batch", "Withdrawal", "Account holder", "IBAN", "BIC", "Amount", "Currency", "Reference"]];
  for (const item of items) {
    lines.push([
      batch.number,
      item.number,
      item.account_holder,
      item.iban,
      item.bic,
      formatMoney({ minor: Number(item.amount_minor), currency: item.currency }),
      item.currency,
      `Crewdesk withdrawal ${item.number}`,
    ]);
  }
  return `\ufeff${lines.map((line) => line.map(cell).join(",")).join("\r\n")}\r\n`;
}
