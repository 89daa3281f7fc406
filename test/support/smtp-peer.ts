import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export interface ReceivedMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  /** Every http(s) link found in the text and HTML parts. */
  links: string[];
  parsed: ParsedMail;
}

export type PeerMode = "accept" | "reject-temporary" | "reject-permanent";

export interface SmtpPeer {
  url: string;
  port: number;
  mails: ReceivedMail[];
  /** How the peer answers the next messages: accept, 451 (try later) or 550 (never). */
  setMode(mode: PeerMode): void;
  mailsTo(address: string): ReceivedMail[];
  waitFor(predicate: (mail: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  close(): Promise<void>;
}

function linksOf(text: string, html: string): string[] {
  const all = `${text}\n${html.replace(/&amp;/g, "&")}`.match(/https?:\/\/[^\s"'<>)\]]+/g) ?? [];
  return [...new Set(all)];
}

export interface SmtpPeerOptions {
  /** A fixed port, e.g. to bring a peer back where a stopped one was; a free one by default. */
  port?: number;
  /**
   * How long close() lets open sessions finish before it drops them (smtp-server's default is 30 s); a few
   * milliseconds is a server going down under its clients.
   */
  closeTimeoutMs?: number;
  /** How long the peer takes to answer each message (kept before the wait): a slow server, for a kill mid-send. */
  answerDelayMs?: number;
}

/** A real SMTP server on a free local port that keeps every message it accepts, parsed. */
export async function startSmtpPeer(options: SmtpPeerOptions = {}): Promise<SmtpPeer> {
  const mails: ReceivedMail[] = [];
  let mode: PeerMode = "accept";
  // A message still arriving when the server closes was never acknowledged: it is not kept.
  let closing = false;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    ...(options.closeTimeoutMs === undefined ? {} : { closeTimeout: options.closeTimeoutMs }),
    onData(stream, session, callback) {
      // The envelope is reused by the session: copy it before answering.
      const envelope = {
        from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
        to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
      };
      const current = mode;
      simpleParser(stream)
        .then((parsed) => {
          if (closing) {
            return callback(
              Object.assign(new Error("421 4.3.2 Server shutting down"), { responseCode: 421 }),
            );
          }
          if (current === "reject-temporary") {
            return callback(
              Object.assign(new Error("451 4.3.0 Mailbox busy, try again later"), { responseCode: 451 }),
            );
          }
          if (current === "reject-permanent") {
            return callback(Object.assign(new Error("550 5.1.1 No such user here"), { responseCode: 550 }));
          }
          const text = parsed.text ?? "";
          const html = typeof parsed.html === "string" ? parsed.html : "";
          mails.push({
            ...envelope,
            subject: parsed.subject ?? "",
            text,
            html,
            links: linksOf(text, html),
            parsed,
          });
          if (options.answerDelayMs) setTimeout(() => callback(), options.answerDelayMs);
          else callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  // A client killed mid-session resets its connections: the server says so, and carries on with the others.
  server.on("error", () => {});
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const address = server.server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    mails,
    setMode(next) {
      mode = next;
    },
    mailsTo: (address) => mails.filter((m) => m.to.includes(address.toLowerCase())),
    async waitFor(predicate, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = mails.find(predicate);
        if (found) return found;
        if (Date.now() > deadline)
          throw new Error(`no matching mail within ${timeoutMs} ms (${mails.length} received)`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    close: () => {
      closing = true;
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
