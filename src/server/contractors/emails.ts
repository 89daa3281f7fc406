import { appLink, type EmailBlock, oneLine, renderEmail } from "../mail/layout.ts";
import type { EmailMessage } from "../mail/outbox.ts";

export interface InvitationEmailInput {
  /** The invited address: the login of a new account. */
  recipient: string;
  companyName: string;
  inviterName: string;
  welcomeMessage: string | null;
  /** The full link, on APP_URL. */
  link: string;
}

const SPAM_LINE = "If you cannot find our emails later, check your spam or junk folder.";
const NO_PASSWORD_LINE = "We never send passwords by email: you choose yours with the link above.";

/** The inviter's sentence and, when they wrote one, their welcome message (kept as they typed it). */
function invitedBy(input: InvitationEmailInput, company: string, inviter: string): EmailBlock[] {
  const message = input.welcomeMessage?.trim() || null;
  return [
    { kind: "paragraph", text: `${inviter} from ${company} invited you to work with them on Crewdesk.` },
    ...(message
      ? [
          { kind: "paragraph", text: `Message from ${inviter}:` } as const,
          { kind: "paragraph", text: message } as const,
        ]
      : []),
  ];
}

/** A new account: the login, and a link to choose a password. Never a password. */
function newAccountInvitationEmail(input: InvitationEmailInput): EmailMessage {
  const company = oneLine(input.companyName);
  const inviter = oneLine(input.inviterName);
  const subject = `${company} invited you to Crewdesk`;
  const mail = renderEmail({
    subject,
    heading: subject,
    blocks: [
      ...invitedBy(input, company, inviter),
      { kind: "paragraph", text: `Your login: ${input.recipient}` },
      { kind: "paragraph", text: "Choose your password to get started (the link is valid for 7 days):" },
      // Not ending in "password": the plain-text twin reads "label:" and must never look like "password: …".
      { kind: "action", label: "Choose a password now", url: input.link },
      { kind: "note", text: NO_PASSWORD_LINE },
      { kind: "note", text: SPAM_LINE },
    ],
  });
  return { template: "contractor-invitation-new", ...mail };
}

/** An account that exists: no credentials at all, only a link to accept while signed in. */
function existingAccountInvitationEmail(input: InvitationEmailInput): EmailMessage {
  const company = oneLine(input.companyName);
  const inviter = oneLine(input.inviterName);
  const subject = `${company} invited you`;
  const mail = renderEmail({
    subject,
    heading: subject,
    blocks: [
      ...invitedBy(input, company, inviter),
      {
        kind: "paragraph",
        text: `Sign in as ${input.recipient} and accept the invitation (the link is valid for 7 days):`,
      },
      { kind: "action", label: "Open the invitation", url: input.link },
      { kind: "note", text: SPAM_LINE },
    ],
  });
  return { template: "contractor-invitation-existing", ...mail };
}

/**
 * The invitation to send with its link: an account without a password (new, or invited before and never
 * chose one) gets the set-password email (its link chooses the password and accepts at once), one with a
 * password the invitation to accept while signed in.
 */
export function invitationEmail(
  appUrl: string,
  input: Omit<InvitationEmailInput, "link"> & { newAccount: boolean; token: string },
): EmailMessage {
  const path = input.newAccount ? "/set-password" : "/invitation";
  const email = { ...input, link: appLink(appUrl, path, { token: input.token }) };
  return input.newAccount ? newAccountInvitationEmail(email) : existingAccountInvitationEmail(email);
}

/** To the inviter: a contractor finished onboarding. */
export function contractorActiveEmail(
  appUrl: string,
  input: { companyId: string; contractorName: string; contractorEmail: string; companyName: string },
): EmailMessage {
  const name = oneLine(input.contractorName);
  const company = oneLine(input.companyName);
  const subject = `${name} is now Active`;
  const mail = renderEmail({
    subject,
    heading: subject,
    blocks: [
      {
        kind: "paragraph",
        text: `${name} (${input.contractorEmail}) completed their information and is now Active in ${company}.`,
      },
      {
        kind: "action",
        label: "You can give them tasks",
        url: appLink(appUrl, `/companies/${encodeURIComponent(input.companyId)}/contractors`),
      },
    ],
  });
  return { template: "contractor-active", ...mail };
}
