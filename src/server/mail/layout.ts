/**
 * The one look of every Crewdesk email: an HTML part with inline styles (mail clients drop <style>) and a
 * plain-text twin built from the same blocks. Templates pass plain text; escaping happens here, once.
 */

/**
 * The locale emails write dates and amounts in (through src/common/format.ts, as the web app does). Emails
 * are written in English, and an account keeps no language of its own yet: American English.
 */
export const EMAIL_LOCALE = "en-US";

export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

/** What an email is made of, top to bottom. Every string is plain text, never HTML. */
export type EmailBlock =
  | { kind: "paragraph"; text: string }
  /** Text someone else wrote (a welcome message): shown apart, line breaks kept, never interpreted. */
  | { kind: "quote"; text: string; author?: string }
  | { kind: "action"; label: string; url: string }
  /** Small print under the action: validity of a link, why the email was sent. */
  | { kind: "note"; text: string };

export interface EmailLayoutInput {
  subject: string;
  /** The first line of the body, also shown by mail clients as the preview. */
  heading: string;
  blocks: EmailBlock[];
}

const htmlEscapes: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** User text in a subject or heading: one line, no control characters, so it cannot add a mail header. */
export function oneLine(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this removes
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, " ").trim();
}

/** Text made safe for HTML content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => htmlEscapes[c] ?? c);
}

/**
 * A link to a page of the app. The base is always APP_URL from the configuration, never anything the
 * request said (Host, X-Forwarded-Host), so a forged header cannot point a link elsewhere.
 */
export function appLink(appUrl: string, path: string, query: Record<string, string> = {}): string {
  if (!path.startsWith("/") || path.startsWith("//"))
    throw new Error(`appLink needs an absolute path: ${path}`);
  // Appended, not resolved: an APP_URL served under a path prefix keeps it.
  const url = new URL(`${appUrl.replace(/\/+$/, "")}${path}`);
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  return url.toString();
}

const font = "font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";
const escapeLines = (text: string) => escapeHtml(text).replace(/\r?\n/g, "<br>");

function blockHtml(block: EmailBlock): string {
  switch (block.kind) {
    case "paragraph":
      return `<p style="margin:0 0 16px;font-size:15px;line-height:1.55;color:#1f2933">${escapeLines(block.text)}</p>`;
    case "quote": {
      const author = block.author
        ? `<p style="margin:8px 0 0;font-size:13px;color:#52606d">— ${escapeHtml(block.author)}</p>`
        : "";
      return `<div style="margin:0 0 16px;padding:12px 16px;border-left:3px solid #4c6ef5;background:#f4f6fb;font-size:15px;line-height:1.55;color:#1f2933;white-space:pre-wrap">${escapeLines(block.text)}${author}</div>`;
    }
    case "action":
      return `<p style="margin:24px 0"><a href="${escapeHtml(block.url)}" style="display:inline-block;padding:12px 22px;border-radius:6px;background:#4c6ef5;color:#ffffff;font-size:15px;font-weight:600;text-decoration:none">${escapeHtml(block.label)}</a></p><p style="margin:0 0 16px;font-size:13px;line-height:1.5;color:#52606d">If the button does not work, copy this address into your browser:<br><span style="word-break:break-all;color:#364fc7">${escapeHtml(block.url)}</span></p>`;
    case "note":
      return `<p style="margin:0 0 12px;font-size:13px;line-height:1.5;color:#52606d">${escapeLines(block.text)}</p>`;
  }
}

function blockText(block: EmailBlock): string {
  switch (block.kind) {
    case "paragraph":
    case "note":
      return block.text;
    case "quote": {
      const quoted = block.text
        .split(/\r?\n/)
        .map((line) => `> ${line}`)
        .join("\n");
      return block.author ? `${quoted}\n— ${block.author}` : quoted;
    }
    case "action":
      return `${block.label}:\n${block.url}`;
  }
}

/**
 * Renders an email from plain-text blocks: HTML (escaped, inline-styled) and its plain-text twin. The
 * subject and heading are made one line whatever text they hold.
 */
export function renderEmail(layout: EmailLayoutInput): EmailContent {
  const input = { ...layout, subject: oneLine(layout.subject), heading: oneLine(layout.heading) };
  const body = input.blocks.map(blockHtml).join("\n");
  const html = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(input.subject)}</title></head>
<body style="margin:0;padding:0;background:#f0f2f5">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f0f2f5;padding:24px 12px">
<tr><td align="center">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;${font}">
<tr><td style="padding:0 4px 16px;font-size:18px;font-weight:700;color:#364fc7">Crewdesk</td></tr>
<tr><td style="background:#ffffff;border-radius:10px;padding:32px 28px;border:1px solid #e4e7eb">
<h1 style="margin:0 0 20px;font-size:21px;line-height:1.3;color:#1f2933">${escapeHtml(input.heading)}</h1>
${body}
</td></tr>
<tr><td style="padding:16px 4px;font-size:12px;line-height:1.5;color:#7b8794">You received this email because of an action on Crewdesk. If it was not you, you can ignore it.</td></tr>
</table>
</td></tr>
</table>
</body>
</html>`;
  const text = [
    input.heading,
    "",
    ...input.blocks.flatMap((b) => [blockText(b), ""]),
    "--",
    "Crewdesk. You received this email because of an action on Crewdesk. If it was not you, you can ignore it.",
  ].join("\n");
  return { subject: input.subject, text, html };
}
