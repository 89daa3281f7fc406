import nodemailer from "nodemailer";
import type { OutboxEmailsTable } from "../db/types.ts";

/** Why a send failed, and whether trying again can help. */
export class MailSendError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
  }
}

export interface MailTransport {
  /** Resolves once the server accepted the message; throws MailSendError otherwise. */
  send(email: OutboxEmailsTable): Promise<void>;
  close(): void;
}

interface SmtpFailure {
  responseCode?: number;
  response?: string;
  message?: string;
}

/** Pooled SMTP: a 5xx answer is final; 4xx answers and connection errors are worth retrying. */
export function createSmtpTransport(url: string, from: string): MailTransport {
  const transporter = nodemailer.createTransport({
    url,
    pool: true,
    maxConnections: 5,
    maxMessages: Infinity,
  } as {
    url: string;
  });
  return {
    async send(email) {
      try {
        await transporter.sendMail({
          from,
          to: email.recipient,
          subject: email.subject,
          text: email.text_body,
          html: email.html_body,
          headers: { "X-Crewdesk-Email-Id": email.id },
        });
      } catch (error) {
        const failure = error as SmtpFailure;
        const code = failure.responseCode ?? 0;
        const reason = failure.response || failure.message || String(error);
        throw new MailSendError(reason, code >= 500 && code < 600);
      }
    },
    close: () => transporter.close(),
  };
}

/** Without SMTP_URL (never in production) mail stays in the outbox, which /dev/mail shows. */
export function createDevMailboxTransport(): MailTransport {
  return { async send() {}, close() {} };
}
