import { ROLE_LABELS } from "../../common/admin.ts";
import type { CompanyRole } from "../../common/wire/me.ts";
import { appLink, oneLine, renderEmail } from "../mail/layout.ts";
import type { EmailMessage } from "../mail/outbox.ts";

export interface MemberEmailInput {
  recipient: string;
  companyId: string;
  companyName: string;
  inviterName: string;
  role: CompanyRole;
  /** For an account without a password: the secret of its set-password link. */
  passwordToken: string | null;
}

const SPAM_LINE = "If you cannot find our emails later, check your spam or junk folder.";

/**
 * To a person added to a company's team: an account without a password gets a link to choose one (never a
 * password by email); an account with one is told to sign in, and is given no credential at all.
 */
export function memberAddedEmail(appUrl: string, input: MemberEmailInput): EmailMessage {
  const company = oneLine(input.companyName);
  const inviter = oneLine(input.inviterName);
  const role = ROLE_LABELS[input.role].toLowerCase();
  const subject = `${company} added you to its team on Crewdesk`;
  const intro = {
    kind: "paragraph" as const,
    text: `${inviter} added you to ${company} as ${role === "owner" ? "an owner" : "a manager"} on Crewdesk.`,
  };
  if (input.passwordToken !== null) {
    const mail = renderEmail({
      subject,
      heading: subject,
      blocks: [
        intro,
        { kind: "paragraph", text: `Your login: ${input.recipient}` },
        { kind: "paragraph", text: "Choose your password to get started (the link is valid for 7 days):" },
        {
          kind: "action",
          label: "Choose a password now",
          url: appLink(appUrl, "/set-password", { token: input.passwordToken }),
        },
        { kind: "note", text: "We never send passwords by email: you choose yours with the link above." },
        { kind: "note", text: SPAM_LINE },
      ],
    });
    return { template: "member-added-new", ...mail };
  }
  const mail = renderEmail({
    subject,
    heading: subject,
    blocks: [
      intro,
      { kind: "paragraph", text: `Sign in as ${input.recipient} to open it:` },
      {
        kind: "action",
        label: `Open ${company}`,
        url: appLink(appUrl, `/companies/${encodeURIComponent(input.companyId)}/contractors`),
      },
      { kind: "note", text: SPAM_LINE },
    ],
  });
  return { template: "member-added-existing", ...mail };
}
