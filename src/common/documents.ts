/** Rules of documents shared by the server and the web app. */

export const DOCUMENT_KIND_LABELS = { act: "Act of acceptance", statement: "Monthly statement" } as const;

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** A month `2026-11`; null when the text is not one. */
export function parseMonth(text: string): { year: number; month: number } | null {
  const match = MONTH.exec(text.trim());
  if (!match) return null;
  return { year: Number(match[1]), month: Number(match[2]) };
}

/** The instants a month covers, UTC: `[start, end)`. */
export function monthRange(period: string): { start: string; end: string } {
  const parsed = parseMonth(period);
  if (!parsed) throw new Error(`not a month: ${period}`);
  const start = new Date(Date.UTC(parsed.year, parsed.month - 1, 1));
  const end = new Date(Date.UTC(parsed.year, parsed.month, 1));
  return { start: start.toISOString(), end: end.toISOString() };
}

/** Why a month's statements cannot be issued (not a month, or not over yet); null when they can. */
export function statementMonthProblem(period: string, now: Date = new Date()): string | null {
  if (!parseMonth(period)) return "Enter a month as YYYY-MM, for example 2026-11.";
  if (monthRange(period).end > now.toISOString())
    return "That month is not over yet: statements are issued for a closed month.";
  return null;
}

/** The last closed month before `now`, `2026-11`. */
export function lastClosedMonth(now: Date = new Date()): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return d.toISOString().slice(0, 7);
}
