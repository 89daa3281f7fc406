import type { FastifyBaseLogger } from "fastify";
import { runAsCausedBy } from "../jobs/caused.ts";
import { claimDue } from "../jobs/claim.ts";
import { startPolling, type Worker } from "../jobs/poll.ts";
import type { AppContext } from "../kernel/context.ts";
import { transact } from "../kernel/transaction.ts";
import { purgeAccount } from "./delete-account.ts";
import { EXPORT_JOB, prepareExport } from "./export-data.ts";

const POLL_MS = 5_000;
const BATCH = 10;
/** A job whose worker died is claimed again after this. */
const LEASE_MS = 5 * 60_000;
const MAX_ATTEMPTS = 3;

/** Prepares the data archives asked for; returns how many were handled. */
export async function prepareDueExports(
  context: AppContext,
  now = new Date(),
  log?: FastifyBaseLogger,
): Promise<number> {
  const { database } = context;
  const jobs = await claimDue(database, "jobs", { limit: BATCH, leaseMs: LEASE_MS, now, kind: EXPORT_JOB });
  for (const job of jobs) {
    const { exportId } = JSON.parse(job.payload) as { exportId: string };
    try {
      await runAsCausedBy(job, log, () => transact(context, (tx) => prepareExport(tx, exportId)));
      await database.db
        .updateTable("jobs")
        .set({ status: "done", locked_until: null })
        .where("id", "=", job.id)
        .execute();
    } catch (error) {
      const failed = job.attempts >= MAX_ATTEMPTS;
      await database.db
        .updateTable("jobs")
        .set({
          status: failed ? "failed" : "queued",
          locked_until: null,
          last_error: error instanceof Error ? error.message : String(error),
          next_attempt_at: new Date(now.getTime() + 60_000 * job.attempts).toISOString(),
        })
        .where("id", "=", job.id)
        .execute();
      if (failed)
        await database.db
          .updateTable("account_exports")
          .set({ status: "failed" })
          .where("id", "=", exportId)
          .execute();
    }
  }
  return jobs.length;
}

/** Deletes the accounts whose grace period is over; returns how many. */
export async function purgeDueAccounts(context: AppContext, now = new Date()): Promise<number> {
  const due = await context.database.db
    .selectFrom("users")
    .select("id")
    .where("deletion_due_at", "<=", now.toISOString())
    .where("deleted_at", "is", null)
    .limit(BATCH)
    .execute();
  let purged = 0;
  for (const row of due) if (await transact(context, (tx) => purgeAccount(tx, row.id), now)) purged += 1;
  return purged;
}

/** Polls for archives to prepare and accounts to delete until stopped. Every node may run it. */
export function startAccountWorker(context: AppContext, log: FastifyBaseLogger): Worker {
  return startPolling({
    async round() {
      await prepareDueExports(context, new Date(), log);
      await purgeDueAccounts(context);
      return false;
    },
    idleMs: POLL_MS,
    log,
    failure: "account: background work failed",
  });
}
