export type TokenPurpose = "invitation" | "recovery" | "verification";

/** POST /api/auth/tokens/inspect: what an emailed link is for. */
export interface TokenInfo {
  purpose: TokenPurpose;
  email: string;
  /** For an invitation: the company that sent it. */
  companyName?: string;
  /** The account already has a password (the page asks to sign in rather than to choose one). */
  accountExists: boolean;
}
