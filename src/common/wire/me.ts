export type PlatformRole = "support";
export type CompanyRole = "owner" | "manager";
export type ContractorStatus = "invited" | "active" | "removed";

/** The contract's user object. */
export interface User {
  id: string;
  email: string;
  name: string;
  emailVerified: boolean;
  platformRole: null | PlatformRole;
}

/** GET /api/me */
export interface Me {
  user: User;
  companies: { id: string; name: string; role: CompanyRole }[];
  /** Invited and active relations only: removed ones are gone from the contractor's view. */
  contractorOf: { companyId: string; companyName: string; status: Exclude<ContractorStatus, "removed"> }[];
  pendingInvitations: { contractorId: string; companyName: string }[];
  profileComplete: boolean;
}
