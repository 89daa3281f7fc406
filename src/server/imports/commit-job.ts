/**
 * Writes a committed import, off the request: a job (`jobs`, kind COMMIT_JOB_KIND) claimed by one worker at
 * a time, its lease renewed after every step. Each step is a use case in a short transaction of its own,
 * followed by a turn of the event loop: the contractors' invitations in slices, the tasks in chunks
 * (invisible), the offer emails in slices (held), then one short transaction that shows everything. A job
 * stopped between steps (its process died, or it was stopped) keeps what it wrote invisible and unsent; its
 * lease runs out, and whichever node claims it next, or the same commit asked again, goes on from the
 * cursors and finishes it.
 */
import { setImmediate as nextTurn } from "node:timers/promises";
import type { FastifyBaseLogger } from "fastify";
import type { JobsTable } from "../db/types.ts";
import { runAsCausedBy } from "../jobs/caused.ts";
import { claimDue, claimJob, releaseJob, renewJob } from "../jobs/claim.ts";
import { databaseResting, restIfUnavailable } from "../jobs/poll.ts";
import type { CompanyActor } from "../kernel/actors.ts";
import type { AppContext } from "../kernel/context.ts";
import { observeImport } from "../kernel/metrics.ts";
import { transact } from "../kernel/transaction.ts";
import { COMMIT_JOB_KIND, type CommitJobPayload } from "./commit-import.ts";
import { finishCommit } from "./finish-commit.ts";
import { inviteImportContractors } from "./invite-import-contractors.ts";
import { queueImportOffers } from "./queue-import-offers.ts";
import { ImportStopped } from "./stage-rows.ts";
import { writeImportChunk } from "./write-import-chunk.ts";

const LEASE_MS = 60_000;
const RETRY_AFTER_FAILURE_MS = 30_000;
const PROGRESS_EVERY_MS = 500;
const POLL_MS = 5_000;

/** How much each step takes on: small enough that a step's transaction stays short. */
export interface CommitSizes {
  /** Rows written as tasks per transaction. */
  chunkRows: number;
  /** Contractor addresses invited per transaction. */
  inviteSlice: number;
  /** Contractors whose offer email is queued per transaction. */
  offerSlice: number;
}

/**
 * On SQLite a transaction runs on the main thread from its first statement to its commit (better-sqlite3 is
 * synchronous; the awaits between statements are microtasks): no request is served meanwhile. A step must
 * stay well under 100 ms of work: 500 rows a chunk, 250 addresses a slice (each new one an account, a
 * contractor, a link and an email), 250 contractors' offer emails. (2,000-row chunks cost fewer commits'
 * worth of CPU, each commit rewriting the index pages its rows touched, but held the loop 0.3–1.7 s.)
 */
export const COMMIT_SIZES: CommitSizes = { chunkRows: 500, inviteSlice: 250, offerSlice: 250 };

export interface CommitRunOptions {
  /** Stops the job between two steps: what it wrote stays invisible, and the job is due again at once. */
  signal?: AbortSignal;
  sizes?: CommitSizes;
}

/** Commit jobs under way in this process: the app stops them between steps when it closes. */
const running = new Map<string, { done: Promise<void>; stop: AbortController }>();

function actorOf(job: JobsTable): { actor: CompanyActor; importId: string } {
  const payload = JSON.parse(job.payload) as CommitJobPayload;
  const actor: CompanyActor = {
    companyId: payload.companyId,
    userId: payload.userId,
    ...(payload.door ? { door: payload.door } : {}),
    ...(payload.tokenId ? { tokenId: payload.tokenId } : {}),
  };
  return { actor, importId: payload.importId };
}

/** Runs one claimed commit job to its end, or until `signal` stops it between two steps. */
export async function runCommitJob(
  context: AppContext,
  job: JobsTable,
  log: FastifyBaseLogger,
  options: CommitRunOptions = {},
): Promise<"done" | "stopped"> {
  const { actor, importId } = actorOf(job);
  const sizes = options.sizes ?? COMMIT_SIZES;
  const { database } = context;
  /** One step in its own transaction, the lease renewed, then a turn of the event loop for other requests. */
  const step = async (work: Parameters<typeof transact<boolean>>[1]): Promise<boolean> => {
    const finished = await transact(context, work);
    await renewJob(database, job.id, LEASE_MS);
    await nextTurn();
    return finished;
  };
  const stopped = () => options.signal?.aborted === true;
  try {
    // Started by the commit's request, the first step would otherwise run in the same turn as the request's
    // own transaction (on SQLite every await between them is a microtask).
    await nextTurn();
    while (
      !(await step((tx) => inviteImportContractors(tx, actor, { importId, limit: sizes.inviteSlice })))
    ) {
      if (stopped()) break;
    }
    let lastProgress = 0;
    while (!stopped()) {
      const publish = Date.now() - lastProgress >= PROGRESS_EVERY_MS;
      if (publish) lastProgress = Date.now();
      const input = { importId, limit: sizes.chunkRows, publish };
      if (await step((tx) => writeImportChunk(tx, actor, input))) break;
    }
    while (!stopped()) {
      if (await step((tx) => queueImportOffers(tx, actor, { importId, limit: sizes.offerSlice }))) break;
    }
    if (stopped()) {
      await releaseJob(database, job.id);
      return "stopped";
    }
    await transact(context, (tx) => finishCommit(tx, actor, importId));
    return "done";
  } catch (error) {
    if (error instanceof ImportStopped) {
      // The import is not committing (any more): nothing for the job to do.
      await database.db.deleteFrom("jobs").where("id", "=", job.id).execute();
      return "done";
    }
    log.error({ err: error, importId }, "import commit failed; it will be tried again");
    const at = new Date(Date.now() + RETRY_AFTER_FAILURE_MS);
    await releaseJob(database, job.id, { at, error: error instanceof Error ? error.message : String(error) });
    return "stopped";
  }
}

/** The rows of the file a finished commit went through, for its rows per second. */
async function importRowCount(context: AppContext, job: JobsTable): Promise<number> {
  const row = await context.database.db
    .selectFrom("task_imports")
    .select("total_rows")
    .where("id", "=", actorOf(job).importId)
    .executeTakeFirst();
  return row?.total_rows ?? 0;
}

function track(context: AppContext, job: JobsTable, log: FastifyBaseLogger): Promise<void> {
  const stop = new AbortController();
  const startedAt = performance.now();
  const done = runAsCausedBy(job, log, () => runCommitJob(context, job, log, { signal: stop.signal }))
    .then(async (outcome) => {
      if (outcome === "done") observeImport("commit", startedAt, await importRowCount(context, job));
    })
    .then(() => undefined)
    .catch((error: unknown) => log.error({ err: error }, "import commit job crashed"))
    .finally(() => running.delete(job.id));
  running.set(job.id, { done, stop });
  return done;
}

/** Starts the commit job at once in this process, unless another worker holds it; the request does not wait. */
export async function startCommitJob(
  context: AppContext,
  jobId: string,
  log: FastifyBaseLogger,
): Promise<void> {
  if (running.has(jobId)) return;
  const job = await claimJob(context.database, jobId, { leaseMs: LEASE_MS });
  if (job) void track(context, job, log);
}

/** Stops this process's commit jobs between two steps and waits for them: another node goes on with them. */
export async function stopCommitJobs(): Promise<void> {
  const all = [...running.values()];
  for (const job of all) job.stop.abort();
  await Promise.allSettled(all.map((job) => job.done));
}

/**
 * Takes up commit jobs that are due: ones whose worker stopped or died (their lease ran out), on start and
 * every few seconds. Any node may run it: jobs are claimed, never shared.
 */
export function startCommitWorker(context: AppContext, log: FastifyBaseLogger): { stop(): Promise<void> } {
  let polling: Promise<void> = Promise.resolve();
  let closed = false;
  const poll = async () => {
    // Of its own kind only: a claim of another feature's job (acts, statements, exports) would hold it
    // unworked until the lease ran out.
    const jobs = await claimDue(context.database, "jobs", {
      limit: 1,
      leaseMs: LEASE_MS,
      kind: COMMIT_JOB_KIND,
    });
    for (const job of jobs) {
      if (!running.has(job.id)) await track(context, job, log);
    }
  };
  const tick = () => {
    if (closed || databaseResting()) return;
    polling = poll().catch((error: unknown) => {
      restIfUnavailable(error);
      log.error({ err: error }, "commit jobs not polled");
    });
  };
  tick();
  const timer = setInterval(tick, POLL_MS);
  timer.unref();
  return {
    async stop() {
      closed = true;
      clearInterval(timer);
      await polling;
      await stopCommitJobs();
    },
  };
}
