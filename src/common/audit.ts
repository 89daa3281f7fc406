/**
 * The company audit log: the actions it records and how the log names them. The server writes these
 * `action` values; the log page offers them as a filter.
 */
export const AUDIT_ACTIONS = [
  "contractor.invited",
  "contractor.invitation_resent",
  "contractor.removed",
  "contractor.activated",
  "task.created",
  "task.edited",
  "task.deleted",
  "task.sent",
  "task.accepted",
  "task.declined",
  "task.submitted",
  "task.returned",
  "task.completed",
  "task.cancelled",
  "task.paid",
  "import.committed",
  "top_up.requested",
  "top_up.cancelled",
  "top_up.received",
  "company.two_step_changed",
  "webhook.created",
  "webhook.updated",
  "webhook.deleted",
  "webhook.disabled",
  "webhook.redelivered",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
  "contractor.invited": "Contractor invited",
  "contractor.invitation_resent": "Invitation sent again",
  "contractor.removed": "Contractor removed",
  "contractor.activated": "Contractor activated",
  "task.created": "Task created",
  "task.edited": "Task edited",
  "task.deleted": "Draft deleted",
  "task.sent": "Task sent",
  "task.accepted": "Offer accepted",
  "task.declined": "Offer declined",
  "task.submitted": "Result submitted",
  "task.returned": "Result returned",
  "task.completed": "Result accepted",
  "task.cancelled": "Task cancelled",
  "task.paid": "Task paid",
  "import.committed": "Import committed",
  "top_up.requested": "Top-up requested",
  "top_up.cancelled": "Top-up cancelled",
  "top_up.received": "Top-up received",
  "company.two_step_changed": "Two-step requirement changed",
  "webhook.created": "Webhook added",
  "webhook.updated": "Webhook changed",
  "webhook.deleted": "Webhook deleted",
  "webhook.disabled": "Webhook disabled",
  "webhook.redelivered": "Webhook delivery repeated",
};

export const AUDIT_DOORS = ["web", "api", "support", "finance", "system"] as const;
export type AuditDoorName = (typeof AUDIT_DOORS)[number];

export const AUDIT_DOOR_LABELS: Record<AuditDoorName, string> = {
  web: "Web app",
  api: "API token",
  support: "Support",
  finance: "Finance",
  system: "Crewdesk",
};

/** Entries of one page of the log. */
export const AUDIT_PAGE_SIZE = 50;
/** Rows of one CSV export at most (the newest that match). */
export const AUDIT_CSV_LIMIT = 100_000;
