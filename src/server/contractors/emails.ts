import type { OutgoingEmail } from "../mail/outbox.ts";

// A small local layout and escape: src/server/mail/templates.ts (branch accounts) is meant to replace them.

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** User text in HTML: every character that could open markup or an attribute is escaped. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch] ?? ch);
}

/** User text in a subject line: one line, no control characters, so it cannot add a header. */
function oneLine(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this removes
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, " ").trim();
}

function paragraphsHtml(text: string): string {
  return text
    .split(/\r?\n\r?\n/)
    .map((p) => `<p>${escapeHtml(p).replace(/\r?\n/g, "<br>")}</p>`)
    .join("\n");
}

function layout(title: string, bodyHtml: string): string {
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body style="font-family: -apple-system, 'Segoe UI', Roboto, Arial, sans-serif; color: #1a1b1e; line-height: 1.5">
${bodyHtml}
<p style="color: #868e96; font-size: 12px">Crewdesk</p>
</body></html>`;
}

function button(url: string, label: string): string {
  const href = escapeHtml(url);
  return `<p><a href="${href}" style="background: #228be6; color: #fff; padding: 10px 16px; border-radius: 4px; text-decoration: none">${escapeHtml(label)}</a></p>
<p style="font-size: 13px">Or open this link: <a href="${href}">${href}</a></p>`;
}

export interface InvitationEmailInput {
  recipient: string;
  companyName: string;
  inviterName: string;
  welcomeMessage: string | null;
  /** The full link, on APP_URL. */
  link: string;
}

const SPAM_LINE = "If you cannot find our emails later, check your spam or junk folder.";
const NO_PASSWORD_LINE = "We never send passwords by email: you choose yours with the link above.";

/** A new account: the login, and a link to choose a password. Never a password. */
export function newAccountInvitationEmail(input: InvitationEmailInput): OutgoingEmail {
  const company = oneLine(input.companyName);
  const inviter = oneLine(input.inviterName);
  const subject = `${company} invited you to Crewdesk`;
  const message = input.welcomeMessage?.trim() || null;
  const text = [
    `${inviter} from ${company} invited you to work with them on Crewdesk.`,
    ...(message ? ["", `Message from ${inviter}:`, message] : []),
    "",
    `Your login: ${input.recipient}`,
    "",
    "Choose your password to get started (the link is valid for 7 days):",
    input.link,
    "",
    NO_PASSWORD_LINE,
    SPAM_LINE,
  ].join("\n");
  const html = layout(
    subject,
    `<p>${escapeHtml(inviter)} from <strong>${escapeHtml(company)}</strong> invited you to work with them on Crewdesk.</p>
${message ? `<p>Message from ${escapeHtml(inviter)}:</p>\n<blockquote style="border-left: 3px solid #dee2e6; margin: 0; padding-left: 12px">${paragraphsHtml(message)}</blockquote>` : ""}
<p>Your login: <strong>${escapeHtml(input.recipient)}</strong></p>
<p>Choose your password to get started (the link is valid for 7 days):</p>
${button(input.link, "Choose a password")}
<p>${escapeHtml(NO_PASSWORD_LINE)}</p>
<p>${escapeHtml(SPAM_LINE)}</p>`,
  );
  return { recipient: input.recipient, template: "contractor-invitation-new", subject, text, html };
}

/** An account that exists: no credentials at all, only a link to accept while signed in. */
export function existingAccountInvitationEmail(input: InvitationEmailInput): OutgoingEmail {
  const company = oneLine(input.companyName);
  const inviter = oneLine(input.inviterName);
  const subject = `${company} invited you`;
  const message = input.welcomeMessage?.trim() || null;
  const text = [
    `${inviter} from ${company} invited you to work with them on Crewdesk.`,
    ...(message ? ["", `Message from ${inviter}:`, message] : []),
    "",
    `Sign in as ${input.recipient} and accept the invitation (the link is valid for 7 days):`,
    input.link,
    "",
    SPAM_LINE,
  ].join("\n");
  const html = layout(
    subject,
    `<p>${escapeHtml(inviter)} from <strong>${escapeHtml(company)}</strong> invited you to work with them on Crewdesk.</p>
${message ? `<p>Message from ${escapeHtml(inviter)}:</p>\n<blockquote style="border-left: 3px solid #dee2e6; margin: 0; padding-left: 12px">${paragraphsHtml(message)}</blockquote>` : ""}
<p>Sign in as <strong>${escapeHtml(input.recipient)}</strong> and accept the invitation (the link is valid for 7 days):</p>
${button(input.link, "Open the invitation")}
<p>${escapeHtml(SPAM_LINE)}</p>`,
  );
  return { recipient: input.recipient, template: "contractor-invitation-existing", subject, text, html };
}

/** To the inviter: a contractor finished onboarding. */
export function contractorActiveEmail(input: {
  recipient: string;
  contractorName: string;
  contractorEmail: string;
  companyName: string;
  link: string;
}): OutgoingEmail {
  const name = oneLine(input.contractorName);
  const company = oneLine(input.companyName);
  const subject = `${name} is now Active`;
  const text = [
    `${name} (${input.contractorEmail}) completed their information and is now Active in ${company}.`,
    "You can give them tasks:",
    input.link,
  ].join("\n");
  const html = layout(
    subject,
    `<p>${escapeHtml(name)} (${escapeHtml(input.contractorEmail)}) completed their information and is now <strong>Active</strong> in ${escapeHtml(company)}.</p>
<p>You can give them tasks: <a href="${escapeHtml(input.link)}">${escapeHtml(input.link)}</a></p>`,
  );
  return { recipient: input.recipient, template: "contractor-active", subject, text, html };
}
