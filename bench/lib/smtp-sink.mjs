// An SMTP server on 127.0.0.1 that reads each message to its end and discards it (no MIME parsing: the
// figure is our delivery, not a parser's speed). Plain ESM.
import { SMTPServer } from "smtp-server";

/** Starts the sink; `onMail()` is called once per message received. Returns { url, close() }. */
export async function startSmtpSink(onMail) {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, _session, callback) {
      stream.on("end", () => {
        onMail();
        callback();
      });
      stream.resume();
    },
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `smtp://127.0.0.1:${server.server.address().port}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
