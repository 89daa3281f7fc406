// Mails per second from the outbox to a local SMTP server: 1,000 queued mails, sent by the real outbox
// worker through the real pooled nodemailer transport, timed from the worker's start until the last row
// is marked sent. The SMTP server accepts and discards (it measures our side, not a parser).
//
//   node --import tsx bench/outbox.mjs           # SQLite
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node --import tsx bench/outbox.mjs
//
// BENCH_MAILS (default 1000) changes the count.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { SMTPServer } from "smtp-server";
import { openDatabase } from "../src/server/db/connection.ts";
import { migrateToLatest } from "../src/server/db/migrate.ts";
import { enqueueEmail } from "../src/server/mail/outbox.ts";
import { startOutboxWorker } from "../src/server/mail/outbox-worker.ts";
import { passwordRecoveryEmail, TEMPLATE } from "../src/server/mail/templates.ts";
import { createSmtpTransport } from "../src/server/mail/transport.ts";

const count = Number(process.env.BENCH_MAILS ?? 1000);

async function freshDatabase() {
  const admin = process.env.BENCH_DATABASE_URL;
  if (!admin) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "crewdesk-bench-"));
    return {
      url: `sqlite:${path.join(dir, "bench.sqlite")}`,
      label: "SQLite",
      drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `crewdesk_bench_${process.pid}`;
  const run = async (sql) => {
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    const result = await client.query(sql);
    await client.end();
    return result;
  };
  await run(`CREATE DATABASE ${name}`);
  const version = (await run("SHOW server_version")).rows[0].server_version;
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    label: `PostgreSQL ${version}`,
    drop: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

let received = 0;
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  logger: false,
  onData(stream, _session, callback) {
    stream.on("end", () => {
      received++;
      callback();
    });
    stream.resume();
  },
});
await new Promise((resolve) => smtp.listen(0, "127.0.0.1", resolve));
const smtpUrl = `smtp://127.0.0.1:${smtp.server.address().port}`;

const fresh = await freshDatabase();
const database = openDatabase(fresh.url);
const silent = { error: (...args) => console.error(...args) };
let figures;
try {
  await migrateToLatest(database);
  await database.db.transaction().execute(async (trx) => {
    for (let i = 0; i < count; i++) {
      const mail = passwordRecoveryEmail({
        appUrl: "http://localhost:3000",
        name: `Person ${i}`,
        token: `t${i}`.padEnd(43, "x"),
        hasPassword: true,
      });
      await enqueueEmail(trx, {
        recipient: `person${i}@example.com`,
        template: TEMPLATE.passwordRecovery,
        ...mail,
      });
    }
  });
  const transport = createSmtpTransport(smtpUrl, "Crewdesk <no-reply@localhost>");
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
  await database.close();
  await fresh.drop();
  await new Promise((resolve) => smtp.close(resolve));
}

const machine = {
  nproc: os.availableParallelism(),
  cpu: os.cpus()[0]?.model,
  node: process.version,
  loadavg: os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" "),
};
console.log(
  JSON.stringify(
    {
      bench: "outbox → SMTP",
      database: fresh.label,
      smtpPool: "nodemailer pool, 5 connections",
      machine,
      figures,
    },
    null,
    2,
  ),
);
console.log(
  `| outbox → local SMTP (${fresh.label}) | ${figures.mailsPerSecond} mails/s | ${figures.mails} mails in ${figures.seconds} s |`,
);
