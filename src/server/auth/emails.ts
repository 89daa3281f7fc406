import { appLink, renderEmail } from "../mail/layout.ts";
import type { EmailMessage } from "../mail/outbox.ts";

/** The emails of accounts: confirm an address, and choose a password. Links on APP_URL only. */

export function emailVerificationEmail(appUrl: string, input: { name: string; token: string }): EmailMessage {
  return {
    template: "email-verification",
    ...renderEmail({
      subject: "Confirm your email address for Crewdesk",
      heading: `Welcome to Crewdesk, ${input.name}`,
      blocks: [
        { kind: "paragraph", text: "Please confirm that this email address is yours." },
        {
          kind: "action",
          label: "Confirm my email",
          url: appLink(appUrl, "/verify-email", { token: input.token }),
        },
        { kind: "note", text: "The link is valid for 3 days and works once." },
      ],
    }),
  };
}

export interface PasswordRecoveryEmailInput {
  name: string;
  token: string;
  /** An invited account that never chose a password is told to choose one, not to "reset" it. */
  hasPassword: boolean;
}

export function passwordRecoveryEmail(appUrl: string, input: PasswordRecoveryEmailInput): EmailMessage {
  const url = appLink(appUrl, "/set-password", { token: input.token });
  return {
    template: "password-recovery",
    ...renderEmail({
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
    }),
  };
}
