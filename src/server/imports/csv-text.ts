/** Writing CSV for people who will open it in a spreadsheet app. */

/**
 * A cell that a spreadsheet app would run as a formula (it starts with =, +, -, @, a tab or a carriage
 * return) gets a leading apostrophe, so it shows as the text it was (OWASP: CSV injection).
 */
export function neutralizeCell(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

const quote = (text: string) => `"${text.replace(/"/g, '""')}"`;

/** One CSV line, every field quoted, formula-like cells neutralised, ended with CRLF. */
export function csvLine(cells: readonly string[]): string {
  return `${cells.map((cell) => quote(neutralizeCell(cell))).join(",")}\r\n`;
}

/** Spreadsheet apps read a UTF-8 CSV as UTF-8 only when it starts with a byte order mark. */
export const UTF8_BOM = "\ufeff";
