// A payout batch of 10,000 withdrawals: finance builds it (one transaction: every requested EUR withdrawal
// into the batch, its totals, the audit entry) and exports it as ISO 20022 pain.001.001.03 XML (the `sepa`
// package) and as CSV, in this process, as the routes do (items read 250 at a time, the files written in a
// worker thread). Times each step, the event loop's delay during the exports, and the process's peak RSS.
//
//   node --import tsx bench/payout-batch.mjs sqlite
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node --import tsx bench/payout-batch.mjs postgres
//
// WITHDRAWALS (default 10000). Seeding: WITHDRAWALS contractors (users rows and payout accounts inserted 500 a
// statement), each paid 100.00 EUR by one company through the ledger (a top-up, one reservation, a payment
// leg per contractor, 500 legs a transaction), then each asks for a withdrawal through `requestWithdrawal`
// (one transaction each, as the route runs it). The ledger check runs at the end.

import { monitorEventLoopDelay } from "node:perf_hooks";
import { XMLParser } from "fast-xml-parser";
import { loadConfig } from "../src/server/config.ts";
import { openDatabase } from "../src/server/db/connection.ts";
import { migrateToLatest } from "../src/server/db/migrate.ts";
import { createInProcessBus } from "../src/server/events/bus.ts";
import { createAppContext } from "../src/server/kernel/context.ts";
import { transact } from "../src/server/kernel/transaction.ts";
import { checkLedger } from "../src/server/money/check-ledger.ts";
import { pain001Debtor } from "../src/server/payouts/bank-files.ts";
import { buildPayoutBatch } from "../src/server/payouts/build-payout-batch.ts";
import { renderBankFile } from "../src/server/payouts/render-bank-file.ts";
import { batchItems, findBatchRow } from "../src/server/payouts/rows.ts";
import { buildCompany, buildUser } from "../test/support/factories.ts";
import { seedWithdrawals } from "../test/support/seeds.ts";
import { machine, report } from "./lib/bench.mjs";
import { freshDatabase } from "./lib/database.mjs";

const dialect = process.argv[2] ?? "sqlite";
const count = Number(process.env.WITHDRAWALS ?? 10_000);
const AMOUNT_MINOR = 10_000;
const _IBANS = [
  ["DE89370400440532013000", "COBADEFFXXX"],
  ["FR1420041010050500013M02606", "PSSTFRPPXXX"],
  ["NL91ABNA0417164300", "ABNANL2A"],
];
const round = (n) => Math.round(n * 100) / 100;
const peakRssMiB = () => round(process.resourceUsage().maxRSS / 1024);
const rssMiB = () => round(process.memoryUsage().rss / 1024 ** 2);

async function seed(context) {
  const { db } = context.database;
  const owner = await buildUser(db, { email: "owner@bench.test", name: "Bench Owner" });
  const company = await buildCompany(db, { owner, name: "Big Company" });
  const started = performance.now();
  await seedWithdrawals(context, {
    company,
    count,
    earnedMinor: AMOUNT_MINOR,
    withdrawMinor: (i) => AMOUNT_MINOR - (i % 97),
    person: (i) => ({
      name: i % 2 ? `Анна Иванова ${i}` : `José Núñez ${i}`,
      email: `contractor${i}@bench.test`,
    }),
  });
  return { withdrawalsPerSec: Math.round(count / ((performance.now() - started) / 1000)) };
}

const fresh = await freshDatabase(dialect);
const database = openDatabase(fresh.url);
try {
  await migrateToLatest(database);
  const config = loadConfig({ NODE_ENV: "test", PAYMENTS: "prepaid", OPERATOR_NAME: "Crewdesk Payments OÜ" });
  const context = createAppContext({ config, database, bus: createInProcessBus() });
  const seedStarted = performance.now();
  const seeded = await seed(context);
  const seedSeconds = (performance.now() - seedStarted) / 1000;
  const finance = await buildUser(database.db, { email: "finance@bench.test", platformRole: "finance" });
  global.gc?.();
  const rssBefore = rssMiB();
  const peakBefore = peakRssMiB();

  let t = performance.now();
  const batch = await transact(context, (tx) =>
    buildPayoutBatch(tx, { userId: finance.id }, { currency: "EUR" }),
  );
  const buildMs = performance.now() - t;

  // The exports as the routes run them: items read a page at a time, the files written in a worker thread.
  const readLoop = monitorEventLoopDelay({ resolution: 10 });
  readLoop.enable();
  t = performance.now();
  const row = await findBatchRow(database.db, batch.id);
  const items = await batchItems(database.db, batch.id);
  const readMs = performance.now() - t;
  readLoop.disable();
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  t = performance.now();
  const xml = await renderBankFile({
    kind: "pain001",
    batch: row,
    items,
    debtor: pain001Debtor(row, config.money.operator),
  });
  const xmlMs = performance.now() - t;
  t = performance.now();
  const csv = await renderBankFile({ kind: "csv", batch: row, items });
  const csvMs = performance.now() - t;
  loop.disable();
  const peakAfter = peakRssMiB();

  const header = new XMLParser().parse(xml).Document.CstmrCdtTrfInitn.GrpHdr;
  if (Number(header.NbOfTxs) !== count || batch.count !== count)
    throw new Error(
      `the file holds ${header.NbOfTxs} transactions, the batch ${batch.count}, ${count} asked`,
    );
  if (String(header.CtrlSum) !== batch.total && Number(header.CtrlSum).toFixed(2) !== batch.total)
    throw new Error(`CtrlSum ${header.CtrlSum} is not the batch's total ${batch.total}`);
  t = performance.now();
  const breaches = await checkLedger(database.db);
  const ledgerCheckSeconds = (performance.now() - t) / 1000;

  report(`payout-batch-${dialect}`, {
    database: fresh.label,
    withdrawals: count,
    seedSeconds: round(seedSeconds),
    requestWithdrawalPerSec: seeded.withdrawalsPerSec,
    batch: { number: batch.number, count: batch.count, total: batch.total },
    buildMs: round(buildMs),
    readItemsMs: round(readMs),
    pain001Ms: round(xmlMs),
    pain001Bytes: Buffer.byteLength(xml),
    csvMs: round(csvMs),
    csvBytes: Buffer.byteLength(csv),
    readEventLoopDelayMaxMs: round(readLoop.max / 1e6),
    filesEventLoopDelayMaxMs: round(loop.max / 1e6),
    filesEventLoopDelayP99Ms: round(loop.percentile(99) / 1e6),
    rssBeforeBuildMiB: rssBefore,
    peakRssBeforeBuildMiB: peakBefore,
    peakRssAfterExportMiB: peakAfter,
    ledgerCheck: { clean: breaches.length === 0, breaches, seconds: round(ledgerCheckSeconds) },
    machine: machine(),
  });
  if (breaches.length > 0) process.exitCode = 1;
} finally {
  await database.close();
  await fresh.drop();
}
