import { setImmediate as nextTurn } from "node:timers/promises";
import type { FastifyBaseLogger } from "fastify";
import type { JobsTable } from "../db/types.ts";
import { runAsCausedBy } from "../jobs/caused.ts";
import { claimDue, renewJob } from "../jobs/claim.ts";
import { startPolling, type Worker } from "../jobs/poll.ts";
import type { AppContext } from "../kernel/context.ts";
import { transact } from "../kernel/transaction.ts";
import { ACTS_JOB } from "./hooks.ts";
import { issueActs } from "./issue-acts.ts";
import { finishStatementRun, issueStatementSlice, STATEMENTS_JOB } from "./statement-runs.ts";

const ACTS_BATCH = 20;
const LEASE_MS = 60_000;
const MAX_ATTEMPTS = 5;
/** Statements written per transaction: a few renders, so the transaction stays short. */
const STATEMENT_SLICE = 10;
const PROGRESS_EVERY_MS = 500;

async function settle(
  context: AppContext,
  job: JobsTable,
  error: unknown,
): Promise<"done" | "retry" | "failed"> {
  const { db } = context.database;
  if (error === null) {
    await db
      .updateTable("jobs")
      .set({ status: "done", locked_until: null })
      .where("id", "=", job.id)
      .execute();
    return "done";
  }
  const failed = job.attempts >= MAX_ATTEMPTS;
  await db
    .updateTable("jobs")
    .set({
      status: failed ? "failed" : "queued",
      locked_until: null,
      last_error: error instanceof Error ? error.message : String(error),
      next_attempt_at: new Date(Date.now() + 30_000 * job.attempts).toISOString(),
    })
    .where("id", "=", job.id)
    .execute();
  return failed ? "failed" : "retry";
}

/** Issues the acts of the tasks paid since the last round, each task's pair in its own transaction. */
export async function issueDueActs(context: AppContext, log?: FastifyBaseLogger): Promise<number> {
  const jobs = await claimDue(context.database, "jobs", {
    limit: ACTS_BATCH,
    leaseMs: LEASE_MS,
    kind: ACTS_JOB,
  });
  for (const job of jobs) {
    const { taskId } = JSON.parse(job.payload) as { taskId: string };
    try {
      await runAsCausedBy(job, log, () => transact(context, (tx) => issueActs(tx, taskId)));
      await settle(context, job, null);
    } catch (error) {
      log?.error({ err: error, taskId }, "acts of acceptance not issued; they will be tried again");
      await settle(context, job, error);
    }
    await nextTurn();
  }
  return jobs.length;
}

/**
 * Runs a month's statements to the end: slices of a few statements, each in its own transaction with the
 * run's cursor, the lease renewed and the event loop given a turn after each; progress at most twice a
 * second. `onProgress` (the command line) hears each slice.
 */
export async function runStatementJob(
  context: AppContext,
  job: JobsTable,
  onProgress?: (runId: string) => Promise<void>,
): Promise<void> {
  const { runId } = JSON.parse(job.payload) as { runId: string };
  let last = 0;
  try {
    for (;;) {
      const publish = Date.now() - last >= PROGRESS_EVERY_MS;
      if (publish) last = Date.now();
      const input = { runId, limit: STATEMENT_SLICE, publish };
      const finished = await transact(context, (tx) => issueStatementSlice(tx, input));
      await renewJob(context.database, job.id, LEASE_MS);
      if (onProgress) await onProgress(runId);
      await nextTurn();
      if (finished) break;
    }
    await transact(context, (tx) => finishStatementRun(tx, { runId }));
    await settle(context, job, null);
  } catch (error) {
    if ((await settle(context, job, error)) === "failed") {
      const message = error instanceof Error ? error.message : String(error);
      await transact(context, (tx) => finishStatementRun(tx, { runId, error: message }));
    }
    throw error;
  }
}

/** Takes up a month's statements that are due (asked for, or left by a node that stopped) and runs them. */
export async function runDueStatementJobs(context: AppContext): Promise<number> {
  const jobs = await claimDue(context.database, "jobs", {
    limit: 1,
    leaseMs: LEASE_MS,
    kind: STATEMENTS_JOB,
  });
  for (const job of jobs) await runStatementJob(context, job);
  return jobs.length;
}

/** The documents' background work: acts of paid tasks within a second or so, and months of statements. */
export function startDocumentsWorker(context: AppContext, log: FastifyBaseLogger): Worker {
  const workers = [
    startPolling({
      round: async () => (await issueDueActs(context, log)) === ACTS_BATCH,
      idleMs: 1_000,
      log,
      failure: "documents: acts of acceptance not issued",
    }),
    startPolling({
      round: async () => (await runDueStatementJobs(context)) > 0,
      idleMs: 2_000,
      log,
      failure: "documents: monthly statements not issued",
    }),
  ];
  return {
    async stop() {
      await Promise.all(workers.map((w) => w.stop()));
    },
  };
}
