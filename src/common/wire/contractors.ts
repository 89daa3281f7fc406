import type { ContractorStatus } from "./me.ts";
import type { Page } from "./page.ts";

/** The contract's contractor object; `id` is the company–contractor relation. */
export interface Contractor {
  id: string;
  userId: string;
  email: string;
  name: string;
  status: ContractorStatus;
  invitedAt: string;
  activatedAt: string | null;
  invitationEmail: { status: "queued" | "sent" | "failed"; at: string | null; reason: string | null } | null;
}

export type ContractorPage = Page<Contractor>;

export type InviteOutcome = "invited" | "already_in_team" | "invalid";
/** format: not an address; glued: several addresses written without a separator; self: the inviter's own. */
export type InviteInvalidReason = "format" | "glued" | "self";

/** One entry of POST /api/companies/{cid}/contractors/invitations' `results`. */
export interface InviteResult {
  email: string;
  outcome: InviteOutcome;
  contractorId?: string;
  reason?: InviteInvalidReason;
}
