/**
 * The task import file's columns (product.md, "Task import file"): their headers as the sample file writes
 * them, the other headers people use for them, and how a file's header row is matched to them. Header text
 * is only ever compared and kept as text: it never becomes an object key.
 */

export type ImportColumnKey =
  | "contractorEmail"
  | "contractorName"
  | "title"
  | "description"
  | "amount"
  | "currency"
  | "deadline"
  | "project"
  | "externalId";

export interface ImportColumn {
  key: ImportColumnKey;
  /** The header as the sample file writes it. */
  header: string;
  required: boolean;
  /** Other headers accepted for the column, matched like the header itself. */
  aliases: readonly string[];
  /** What the column takes, for the sample file's notes and the import page. */
  hint: string;
  /** The sample file's example value. */
  example: string;
}

export const IMPORT_COLUMNS: readonly ImportColumn[] = [
  {
    key: "contractorEmail",
    header: "Contractor email",
    required: true,
    aliases: ["Email", "E-mail", "Contractor e-mail", "Contractor", "Email address"],
    hint: "Required. The contractor's email address. A new address gets an invitation.",
    example: "jane.doe@example.com",
  },
  {
    key: "contractorName",
    header: "Contractor name",
    required: false,
    aliases: ["Name", "Full name", "Contractor full name"],
    hint: "Optional. Used in the invitation of a new contractor.",
    example: "Jane Doe",
  },
  {
    key: "title",
    header: "Task title",
    required: true,
    aliases: ["Title", "Task", "Task name"],
    hint: "Required. Up to 200 characters.",
    example: "Translate the onboarding guide",
  },
  {
    key: "description",
    header: "Description",
    required: false,
    aliases: ["Task description", "Details"],
    hint: "Optional. What is to be done.",
    example: "All 12 pages, from English into Spanish",
  },
  {
    key: "amount",
    header: "Amount",
    required: true,
    aliases: ["Price", "Sum", "Fee", "Rate"],
    hint: "Required. Above zero, e.g. 1234.5, 1 234,50 or 1,234.50.",
    example: "1234.50",
  },
  {
    key: "currency",
    header: "Currency",
    required: true,
    aliases: ["Currency code"],
    hint: "Required. An ISO 4217 code such as USD, EUR or GBP.",
    example: "USD",
  },
  {
    key: "deadline",
    header: "Deadline",
    required: false,
    aliases: ["Due date", "Due", "Deadline date"],
    hint: "Optional. A date: 2026-12-31, 31.12.2026, or a date cell.",
    example: "2026-12-31",
  },
  {
    key: "project",
    header: "Project",
    required: false,
    aliases: ["Project name"],
    hint: "Optional. Up to 100 characters.",
    example: "Website",
  },
  {
    key: "externalId",
    header: "External ID",
    required: false,
    aliases: ["Ext ID", "Reference", "Your ID"],
    hint: "Optional. Your own reference, unique in the company: a row whose ID exists already is skipped.",
    example: "WEB-001",
  },
];

/** How headers compare: Unicode NFKC, case-insensitive, spaces (of any kind), `_` and `-` ignored. */
export function normalizeHeader(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\s_\-\u00a0\u2007\u202f\ufeff]+/g, "");
}

const byHeader: ReadonlyMap<string, ImportColumn> = new Map(
  IMPORT_COLUMNS.flatMap((column) =>
    [column.header, ...column.aliases].map((text) => [normalizeHeader(text), column] as const),
  ),
);

/** Where each known column is in the file, and what the header row held besides. */
export interface HeaderLayout {
  /** The file's header texts, as written (trimmed), by position. */
  headers: string[];
  /** Position of each matched column (the first one when a column is given twice). */
  positions: Map<ImportColumnKey, number>;
  /** Headers that match no column, as written. */
  unknown: string[];
  /** Headers that name a column already matched by an earlier one, as written. */
  repeated: string[];
  /** Required columns the file lacks. */
  missing: ImportColumn[];
}

export function matchHeaders(row: readonly string[]): HeaderLayout {
  const headers = row.map((text) => text.trim());
  const positions = new Map<ImportColumnKey, number>();
  const unknown: string[] = [];
  const repeated: string[] = [];
  headers.forEach((text, index) => {
    if (!text) return;
    const column = byHeader.get(normalizeHeader(text));
    if (!column) unknown.push(text);
    else if (positions.has(column.key)) repeated.push(text);
    else positions.set(column.key, index);
  });
  const missing = IMPORT_COLUMNS.filter((c) => c.required && !positions.has(c.key));
  return { headers, positions, unknown, repeated, missing };
}

/** The column's header as the file wrote it (errors name columns the way the user sees them). */
export function headerOf(layout: HeaderLayout, key: ImportColumnKey): string {
  const position = layout.positions.get(key);
  const column = IMPORT_COLUMNS.find((c) => c.key === key);
  return (position === undefined ? undefined : layout.headers[position]) || (column?.header ?? key);
}
