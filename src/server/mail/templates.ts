import { appLink, type EmailContent, renderEmail } from "./layout.ts";

/**
 * Every email Crewdesk sends, one function each: plain data in, {subject, text, html} out. Links are built
 * on `appUrl` (the configured APP_URL) only. To add one: write a function here (or in its own file) that
 * calls `renderEmail` with plain-text blocks, and queue its result with `enqueueEmail` in the same
 * transaction as the change that causes it.
 */

export { appLink, type EmailBlock, type EmailContent, escapeHtml, renderEmail } from "./layout.ts";

/** Names stored in outbox_emails.template, so a mail's kind can be read back. */
export const TEMPLATE = {
  emailVerification: "email-verification",
  passwordRecovery: "password-recovery",
} as const;

export interface VerificationEmailInput {
  appUrl: string;
  name: string;
  token: string;
}

export function emailVerificationEmail(input: VerificationEmailInput): EmailContent {
  return renderEmail({
    subject: "Confirm your email address for Crewdesk",
    heading: `Welcome to Crewdesk, ${input.name}`,
    blocks: [
      { kind: "paragraph", text: "Please confirm that this email address is yours." },
      {
        kind: "action",
        label: "Confirm my email",
        url: appLink(input.appUrl, "/verify-email", { token: input.token }),
      },
      { kind: "note", text: "The link is valid for 3 days and works once." },
    ],
  });
}

export interface PasswordRecoveryEmailInput {
  appUrl: string;
  name: string;
  token: string;
  /** An invited account that never chose a password is told to choose one, not to "reset" it. */
  hasPassword: boolean;
}

export function passwordRecoveryEmail(input: PasswordRecoveryEmailInput): EmailContent {
  const url = appLink(input.appUrl, "/set-password", { token: input.token });
  return renderEmail({
    subject: input.hasPassword ? "Set a new Crewdesk password" : "Choose your Crewdesk password",
    heading: `Hello ${input.name}`,
    blocks: [
      {
        kind: "paragraph",
        text: input.hasPassword
          ? "Someone (we hope you) asked to set a new password for your Crewdesk account."
          : "Someone (we hope you) asked for a link to sign in to Crewdesk. Choose a password to get in.",
      },
      { kind: "action", label: input.hasPassword ? "Set a new password" : "Choose a password", url },
      {
        kind: "note",
        text: "The link is valid for 1 hour and works once. If you did not ask for it, ignore this email: your password stays as it is.",
      },
    ],
  });
}
