/** The person's own account: the rules the Account page and the server share. */

/** Recovery codes made at once; each works once. */
export const RECOVERY_CODE_COUNT = 10;
/** An authenticator code: six digits. */
export const TOTP_DIGITS = 6;
/** A sign-in waits this long for its second step. */
export const PENDING_SIGN_IN_MINUTES = 5;
/** A remembered browser skips the second step this many days. */
export const REMEMBERED_DEVICE_DAYS = 30;
/** The old address may undo a change of address this many days. */
export const EMAIL_CHANGE_CANCEL_DAYS = 7;
/** An account asked to be deleted goes after this many days, unless its owner signs in before. */
export const DELETION_GRACE_DAYS = 7;
/** A data archive can be downloaded this many days. */
export const EXPORT_KEEP_DAYS = 7;

/** What the security history records, each with the sentence the Account page shows. */
export const SECURITY_EVENT_LABELS = {
  "signed-in": "Signed in",
  "password-changed": "Password changed",
  "email-change-requested": "Change of email address asked",
  "email-changed": "Email address changed",
  "email-change-cancelled": "Change of email address undone",
  "session-ended": "Signed out a device",
  "sessions-ended": "Signed out every other device",
  "two-step-enabled": "Two-step sign-in turned on",
  "two-step-disabled": "Two-step sign-in turned off",
  "recovery-codes-renewed": "New recovery codes made",
  "recovery-code-used": "Signed in with a recovery code",
  "device-forgotten": "A remembered device forgotten",
  "export-requested": "Copy of your data asked",
  "deletion-requested": "Account deletion asked",
  "deletion-cancelled": "Account deletion cancelled",
} as const;

export type SecurityEventKind = keyof typeof SECURITY_EVENT_LABELS;

/** A six-digit code as typed: spaces and dashes are the app's grouping, not part of the code. */
export function cleanCode(typed: string): string {
  return typed.replace(/[\s-]/g, "").toUpperCase();
}

/**
 * The `type` of the 403 problem a company's routes answer a member without a second step when the company
 * requires one: the web app leads them to set it up on the Account page.
 */
export const TWO_STEP_REQUIRED_PROBLEM = "https://crewdesk.dev/problems/two-step-required";
/** Where the web app leads a member whose company requires a second step they have not set up. */
export const TWO_STEP_SETUP_PATH = "/account?setup=two-step";
