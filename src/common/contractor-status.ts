/**
 * A contractor's standing in one company: invited (the invitation is out, or accepted while the required
 * information is missing), active (can be given tasks and paid), removed (left the team). One list, read by
 * the server's schemas and rules and by the web app's badges and filters.
 */
export const CONTRACTOR_STATUSES = ["invited", "active", "removed"] as const;
export type ContractorStatus = (typeof CONTRACTOR_STATUSES)[number];

/** Labels as the UI shows them (the product's words). */
export const CONTRACTOR_STATUS_LABELS: Record<ContractorStatus, string> = {
  invited: "Invited",
  active: "Active",
  removed: "Removed",
};
