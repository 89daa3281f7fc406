// Mails per second from the outbox to a local SMTP server: 1,000 queued mails, sent by the real outbox
// worker through the real pooled nodemailer transport, timed from the worker's start until the last row
// is marked sent. The SMTP server accepts and discards (it measures our side, not a parser).
//
//   node --import tsx bench/outbox.mjs           # SQLite
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node --import tsx bench/outbox.mjs
//
// BENCH_MAILS (default 1000) changes the count.
import { passwordRecoveryEmail } from "../src/server/auth/emails.ts";
import { enqueueEmail } from "../src/server/mail/outbox.ts";
import { startOutboxWorker } from "../src/server/mail/outbox-worker.ts";
import { createSmtpTransport } from "../src/server/mail/transport.ts";
import { openFreshDatabase } from "./lib/app-in-process.mjs";
import { machine } from "./lib/bench.mjs";
import { startSmtpSink } from "./lib/smtp-sink.mjs";

const count = Number(process.env.BENCH_MAILS ?? 1000);

let received = 0;
const smtp = await startSmtpSink(() => {
  received++;
});

const fresh = await openFreshDatabase(process.env.BENCH_DATABASE_URL ? "postgres" : "sqlite");
const { database } = fresh;
const silent = { error: (...args) => console.error(...args) };
let figures;
try {
  await database.db.transaction().execute(async (trx) => {
    for (let i = 0; i < count; i++) {
      const mail = passwordRecoveryEmail("http://localhost:3000", {
        name: `Person ${i}`,
        token: `t${i}`.padEnd(43, "x"),
        hasPassword: true,
      });
      await enqueueEmail(trx, { recipient: `person${i}@example.com`, ...mail }, new Date());
    }
  });
  const transport = createSmtpTransport(smtp.url, "Crewdesk <no-reply@localhost>");
  const started = performance.now();
  const worker = startOutboxWorker(database, transport, silent);
  for (;;) {
    const { n } = await database.db
      .selectFrom("outbox_emails")
      .select((eb) => eb.fn.countAll().as("n"))
      .where("status", "=", "sent")
      .executeTakeFirstOrThrow();
    if (Number(n) >= count) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  const seconds = (performance.now() - started) / 1000;
  await worker.stop();
  figures = {
    mails: count,
    received,
    seconds: Number(seconds.toFixed(2)),
    mailsPerSecond: Math.round(count / seconds),
  };
} finally {
  await fresh.destroy();
  await smtp.close();
}

console.log(
  JSON.stringify(
    {
      bench: "outbox → SMTP",
      database: fresh.label,
      smtpPool: "nodemailer pool, 5 connections",
      machine: machine(),
      figures,
    },
    null,
    2,
  ),
);
console.log(
  `| outbox → local SMTP (${fresh.label}) | ${figures.mailsPerSecond} mails/s | ${figures.mails} mails in ${figures.seconds} s |`,
);
