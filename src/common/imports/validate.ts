/**
 * One data row of the import file checked column by column, as the preview shows it: either the task it
 * makes, or every error of the row by column (the header as the file wrote it).
 */
import { normalizeEmail } from "../email.ts";
import { formatMoney, parseMoney } from "../money.ts";
import { DESCRIPTION_MAX, EXTERNAL_ID_MAX, PROJECT_MAX, TITLE_MAX } from "../task-fields.ts";
import { type HeaderLayout, headerOf, type ImportColumnKey } from "./columns.ts";
import {
  cellText,
  type ImportCell,
  parseImportAmount,
  parseImportCurrency,
  parseImportDate,
} from "./values.ts";

/** A contractor's name in an invitation: as long as a user's name may be. */
export const CONTRACTOR_NAME_MAX = 200;

/** A valid row: the task it makes, in the API's forms. */
export interface ImportedTask {
  contractorEmail: string;
  contractorName: string | null;
  title: string;
  description: string;
  /** "1234.50": the currency's decimals. */
  amount: string;
  amountMinor: number;
  currency: string;
  deadline: string | null;
  project: string | null;
  externalId: string | null;
}

export interface CellError {
  /** The column's header as the file wrote it. */
  column: string;
  message: string;
}

export type RowCheck = { ok: true; task: ImportedTask } | { ok: false; errors: CellError[] };

/** True when every cell of the row is empty: such rows are skipped, as a spreadsheet shows them blank. */
export function isBlankRow(cells: readonly ImportCell[]): boolean {
  return cells.every((cell) => cellText(cell).trim() === "");
}

/**
 * Checks rows one after another (`row`: as the spreadsheet numbers it). It remembers the external IDs it has seen, so an ID given twice in one
 * file is an error on its second row, naming the first.
 */
export function createRowChecker(
  layout: HeaderLayout,
): (cells: readonly ImportCell[], row: number) => RowCheck {
  const seenExternalIds = new Map<string, number>();
  return (cells, row) => {
    const errors: Array<CellError & { position: number }> = [];
    const cell = (key: ImportColumnKey): ImportCell => {
      const position = layout.positions.get(key);
      return position === undefined ? null : (cells[position] ?? null);
    };
    const text = (key: ImportColumnKey) => cellText(cell(key)).trim();
    const error = (key: ImportColumnKey, message: string) =>
      errors.push({ column: headerOf(layout, key), message, position: layout.positions.get(key) ?? -1 });
    const limited = (key: ImportColumnKey, label: string, max: number): string | null => {
      const value = text(key);
      if (value.length > max)
        error(key, `${label} must be at most ${max} characters (it has ${value.length}).`);
      return value || null;
    };

    const emailText = text("contractorEmail");
    const contractorEmail = emailText ? normalizeEmail(emailText) : null;
    if (!emailText) error("contractorEmail", "Contractor email is required.");
    else if (!contractorEmail) error("contractorEmail", `"${emailText}" is not an email address.`);

    const contractorName = limited("contractorName", "Contractor name", CONTRACTOR_NAME_MAX);
    const title = limited("title", "Task title", TITLE_MAX);
    if (!title) error("title", "Task title is required.");
    const description = cellText(cell("description")).trim();
    if (description.length > DESCRIPTION_MAX) {
      error("description", `Description must be at most ${DESCRIPTION_MAX} characters.`);
    }

    const currency = parseImportCurrency(cell("currency"));
    if (!currency.ok) error("currency", currency.message);
    const amountText = parseImportAmount(cell("amount"), currency.ok ? currency.value : null);
    let amountMinor = 0;
    let amount = "";
    if (!amountText.ok) error("amount", amountText.message);
    else if (currency.ok) {
      const money = parseMoney(amountText.value, currency.value);
      if (money.ok) {
        amountMinor = money.money.minor;
        amount = formatMoney(money.money);
      } else error("amount", `${money.message.charAt(0).toUpperCase()}${money.message.slice(1)}.`);
    }

    const deadline = parseImportDate(cell("deadline"));
    if (!deadline.ok) error("deadline", deadline.message);
    const project = limited("project", "Project", PROJECT_MAX);
    const externalId = limited("externalId", "External ID", EXTERNAL_ID_MAX);
    if (externalId) {
      const first = seenExternalIds.get(externalId);
      if (first !== undefined) error("externalId", `External ID "${externalId}" is also on row ${first}.`);
      else seenExternalIds.set(externalId, row);
    }

    if (errors.length || !contractorEmail || !title || !currency.ok || !deadline.ok) {
      // In the order of the file's columns, as the person reads the row.
      errors.sort((a, b) => a.position - b.position);
      return { ok: false, errors: errors.map(({ column, message }) => ({ column, message })) };
    }
    return {
      ok: true,
      task: {
        contractorEmail,
        contractorName,
        title,
        description,
        amount,
        amountMinor,
        currency: currency.value,
        deadline: deadline.value,
        project,
        externalId,
      },
    };
  };
}
