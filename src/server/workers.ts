import type { FastifyBaseLogger } from "fastify";
import { startAccountWorker } from "./account/worker.ts";
import { startDocumentsWorker } from "./documents/worker.ts";
import { startCommitWorker } from "./imports/commit-job.ts";
import { startStalledReadingSweeper } from "./imports/stalled-sweeper.ts";
import type { Worker } from "./jobs/poll.ts";
import type { AppContext } from "./kernel/context.ts";
import { startOutboxWorker } from "./mail/outbox-worker.ts";
import { createDevMailboxTransport, createSmtpTransport } from "./mail/transport.ts";
import { startReplyEmailWorker } from "./support/reply-email-worker.ts";
import { startWebhookWorker } from "./webhooks/delivery-worker.ts";

/** The background work of one app process. Every node may run them: rows are claimed, never shared. */
export function startWorkers(context: AppContext, log: FastifyBaseLogger): Worker {
  const { config, database } = context;
  const transport = config.smtpUrl
    ? createSmtpTransport(config.smtpUrl, config.mailFrom)
    : createDevMailboxTransport();
  const workers = [
    startOutboxWorker(database, transport, log, config.outboxLeaseMs),
    startStalledReadingSweeper(context, log),
    startCommitWorker(context, log),
    startReplyEmailWorker(context, log),
    startAccountWorker(context, log),
    ...(config.money.payments === "off" ? [] : [startDocumentsWorker(context, log)]),
    startWebhookWorker(context, log),
  ];
  return {
    async stop() {
      await Promise.all(workers.map((w) => w.stop()));
    },
  };
}
