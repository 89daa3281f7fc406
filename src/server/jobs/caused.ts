import type { FastifyBaseLogger } from "fastify";
import type { JobsTable } from "../db/types.ts";
import { runCausedBy } from "../kernel/request-cause.ts";

/**
 * Runs a claimed job's work as caused by the request that queued it: its log line names that request's id
 * (`reqId`, as the request's own lines do), and the emails and jobs it queues keep it in turn.
 */
export function runAsCausedBy<T>(
  job: Pick<JobsTable, "id" | "kind" | "request_id">,
  log: FastifyBaseLogger | undefined,
  work: () => Promise<T>,
): Promise<T> {
  log?.info({ reqId: job.request_id, jobId: job.id, kind: job.kind }, "job started");
  return runCausedBy(job.request_id, work);
}
