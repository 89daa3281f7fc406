import { TRANSFER_KIND_LABELS, type Transfer } from "../../common/wire/money.ts";

/**
 * A cell a spreadsheet would run as a formula gets a leading apostrophe (OWASP: CSV injection); a plain
 * number (a signed amount) stays a number.
 */
const cell = (text: string) => {
  const safe = /^[=+\-@\t\r]/.test(text) && !/^-\d+(\.\d+)?$/.test(text) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
};

/** The transfers as a spreadsheet reads them: UTF-8 with its byte order mark, a signed amount per entry. */
export function transfersCsv(entries: Transfer[]): string {
  const lines = [["Date (UTC)", "What", "Account", "Amount", "Currency", "Reference", "Transfer id"]];
  for (const e of entries) {
    lines.push([
      e.at,
      TRANSFER_KIND_LABELS[e.kind],
      e.account,
      `${e.direction === "out" ? "-" : ""}${e.amount}`,
      e.currency,
      e.reference.label,
      e.id,
    ]);
  }
  return `\ufeff${lines.map((line) => line.map(cell).join(",")).join("\r\n")}\r\n`;
}
