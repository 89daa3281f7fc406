import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { isLoopbackClient } from "../http/client-address.ts";
import type { AppContext } from "../kernel/context.ts";
import { escapeHtml } from "./layout.ts";
import { deliveryOf } from "./status.ts";

const LIST_LIMIT = 500;

/** Nothing runs on these pages; the mail itself is shown in a sandboxed frame that cannot run scripts either. */
const pageCsp =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const pageStyle = `body{font-family:system-ui,sans-serif;margin:24px;color:#1f2933;background:#f8f9fb}
a{color:#364fc7}table{border-collapse:collapse;width:100%;background:#fff}
th,td{text-align:left;padding:8px 10px;border-bottom:1px solid #e4e7eb;font-size:14px;vertical-align:top}
th{background:#f0f2f5}.queued{color:#b7791f}.sent{color:#2f855a}.failed{color:#c53030}
iframe{width:100%;height:560px;border:1px solid #e4e7eb;background:#fff}
pre{white-space:pre-wrap;background:#fff;border:1px solid #e4e7eb;padding:12px;font-size:13px}
dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px}dt{color:#52606d}dd{margin:0}`;

function page(reply: FastifyReply, title: string, body: string): FastifyReply {
  return reply
    .header("content-security-policy", pageCsp)
    .header("cache-control", "no-store")
    .type("text/html; charset=utf-8")
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${pageStyle}</style></head><body>${body}</body></html>`,
    );
}

const linksIn = (text: string) => [...new Set(text.match(/https?:\/\/[^\s<>"')\]]+/g) ?? [])];

/**
 * The mailbox holds every link the app sent (passwords, invitations): it answers a client on this machine
 * only. Anyone else gets a bare 404 that shows nothing of it.
 */
async function localClientsOnly(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (!isLoopbackClient(request))
    return reply
      .code(404)
      .header("cache-control", "no-store")
      .type("text/plain; charset=utf-8")
      .send("Not found.");
}

/**
 * The dev mailbox: without SMTP_URL, outside production, every email the app queued or "sent" can be read
 * at /dev/mail, from the machine the app runs on. Never registered otherwise.
 */
export function registerDevMailbox(app: FastifyInstance, context: AppContext): void {
  const { config, database } = context;
  if (config.smtpUrl || config.production) return;

  app.get("/dev/mail", { schema: { hide: true }, onRequest: localClientsOnly }, async (_request, reply) => {
    const mails = await database.db
      .selectFrom("outbox_emails")
      .select(["id", "recipient", "subject", "status", "sent_at", "created_at", "last_error"])
      .orderBy("id", "desc")
      .limit(LIST_LIMIT)
      .execute();
    const rows = mails
      .map((m) => {
        const delivery = deliveryOf(m);
        return `<tr><td>${escapeHtml(delivery.at)}</td><td>${escapeHtml(m.recipient)}</td><td><a href="/dev/mail/${encodeURIComponent(m.id)}">${escapeHtml(m.subject)}</a></td><td class="${delivery.status}">${delivery.status}</td></tr>`;
      })
      .join("");
    const table = mails.length
      ? `<table><thead><tr><th>Time</th><th>Recipient</th><th>Subject</th><th>Status</th></tr></thead><tbody>${rows}</tbody></table>`
      : "<p>No email yet. Sign up or ask for a password link, then reload this page.</p>";
    return page(
      reply,
      "Dev mailbox",
      `<h1>Dev mailbox</h1><p>Every email Crewdesk queued, newest first. Set SMTP_URL to send real email.</p>${table}`,
    );
  });

  app.get<{ Params: { id: string } }>(
    "/dev/mail/:id",
    {
      schema: {
        hide: true,
        params: { type: "object", properties: { id: { type: "string" } }, required: ["id"] },
      },
      onRequest: localClientsOnly,
    },
    async (request, reply) => {
      const mail = await database.db
        .selectFrom("outbox_emails")
        .selectAll()
        .where("id", "=", request.params.id)
        .executeTakeFirst();
      if (!mail) {
        return page(
          reply.code(404),
          "Not found",
          `<p>No such email. <a href="/dev/mail">Back to the mailbox</a></p>`,
        );
      }
      const delivery = deliveryOf(mail);
      // A developer also wants the last temporary refusal of a mail still being retried.
      const lastAnswer = delivery.reason ?? mail.last_error;
      const links = linksIn(mail.text_body)
        .map((url) => `<li><a href="${escapeHtml(url)}">${escapeHtml(url)}</a></li>`)
        .join("");
      return page(
        reply,
        mail.subject,
        `<p><a href="/dev/mail">← All email</a></p>
<h1>${escapeHtml(mail.subject)}</h1>
<dl><dt>To</dt><dd>${escapeHtml(mail.recipient)}</dd><dt>From</dt><dd>${escapeHtml(config.mailFrom)}</dd>
<dt>Template</dt><dd>${escapeHtml(mail.template)}</dd>
<dt>Status</dt><dd class="${delivery.status}">${delivery.status} at ${escapeHtml(delivery.at)}${lastAnswer ? ` — ${escapeHtml(lastAnswer)}` : ""}</dd></dl>
${links ? `<h2>Links</h2><ul>${links}</ul>` : ""}
<h2>HTML</h2><iframe sandbox="" title="HTML part" srcdoc="${escapeHtml(mail.html_body)}"></iframe>
<h2>Text</h2><pre>${escapeHtml(mail.text_body)}</pre>`,
      );
    },
  );
}
