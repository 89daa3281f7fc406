import { type EmailBlock, type EmailContent, renderEmail } from "../mail/layout.ts";
import type { OutgoingEmail } from "../mail/outbox.ts";

export const SUPPORT_TEMPLATE = {
  reply: "support-reply",
  agentWelcome: "support-agent-welcome",
} as const;

export interface ReplyEmailInput {
  recipient: string;
  name: string;
  replies: Array<{ authorName: string; body: string }>;
  /** The conversation: for a visitor, a link carrying a single-use token. */
  link: string;
  guest: boolean;
  supportEmail: string;
}

/** Support's replies the person has not read, as plain text quotes, with the way back to the chat. */
export function replyEmail(input: ReplyEmailInput): OutgoingEmail {
  const count = input.replies.length;
  const blocks: EmailBlock[] = [
    {
      kind: "paragraph",
      text:
        count === 1
          ? "Crewdesk Support answered your message:"
          : `Crewdesk Support answered your messages (${count} replies):`,
    },
    ...input.replies.map((r): EmailBlock => ({ kind: "quote", text: r.body, author: r.authorName })),
    { kind: "action", label: "Open the conversation", url: input.link },
    {
      kind: "note",
      text: input.guest
        ? `The link opens this conversation in your browser once, for 30 days; each reply brings a new one. You can also write to ${input.supportEmail}.`
        : `Sign in to Crewdesk to answer. You can also write to ${input.supportEmail}.`,
    },
  ];
  const content: EmailContent = renderEmail({
    subject: count === 1 ? "Crewdesk Support replied" : `Crewdesk Support replied (${count} messages)`,
    heading: `Hello ${input.name}`,
    blocks,
  });
  return { recipient: input.recipient, template: SUPPORT_TEMPLATE.reply, ...content };
}

export interface AgentWelcomeEmailInput {
  recipient: string;
  name: string;
  /** A set-password link for a new account; the sign-in page for one that has a password already. */
  link: string;
  newAccount: boolean;
  /** Support agents answer the chat; finance staff record top-ups. */
  role?: "support" | "finance";
}

export function agentWelcomeEmail(input: AgentWelcomeEmailInput): OutgoingEmail {
  const content = renderEmail({
    subject: input.role === "finance" ? "You are Crewdesk finance staff" : "You are a Crewdesk support agent",
    heading: `Hello ${input.name}`,
    blocks: [
      {
        kind: "paragraph",
        text:
          input.role === "finance"
            ? "Your Crewdesk account can now record the companies' top-ups from the finance console."
            : "Your Crewdesk account can now answer the support chat from the support console.",
      },
      input.newAccount
        ? { kind: "action", label: "Choose a password", url: input.link }
        : { kind: "action", label: "Sign in", url: input.link },
      {
        kind: "note",
        text: input.newAccount
          ? "The link is valid for 7 days and works once."
          : "Sign in with the password you already use.",
      },
    ],
  });
  return { recipient: input.recipient, template: SUPPORT_TEMPLATE.agentWelcome, ...content };
}
