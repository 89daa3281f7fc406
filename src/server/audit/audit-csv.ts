import { AUDIT_ACTION_LABELS, AUDIT_DOOR_LABELS, type AuditAction } from "../../common/audit.ts";
import type { AuditEntry } from "../../common/wire/audit.ts";
import { csvLine } from "../imports/csv-text.ts";

export const AUDIT_CSV_HEADER = csvLine([
  "Date (UTC)",
  "Action",
  "Person",
  "Email",
  "Door",
  "What",
  "Subject",
  "Subject id",
  "Entry id",
]);

/** Lines of the audit log's CSV export (the header and the byte order mark are written once before them). */
export function auditCsvLines(entries: AuditEntry[]): string {
  return entries
    .map((e) =>
      csvLine([
        e.at,
        AUDIT_ACTION_LABELS[e.action as AuditAction] ?? e.action,
        e.person?.name ?? "Crewdesk",
        e.person?.email ?? "",
        AUDIT_DOOR_LABELS[e.door],
        e.summary,
        e.subjectType,
        e.subjectId ?? "",
        e.id,
      ]),
    )
    .join("");
}
