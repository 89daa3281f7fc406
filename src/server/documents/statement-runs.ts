import { monthRange, statementMonthProblem } from "../../common/documents.ts";
import type { StatementRun } from "../../common/wire/documents.ts";
import { platformRoleChannel } from "../auth/stream-audience.ts";
import { newId } from "../db/ids.ts";
import type { AuditDoor, StatementRunsTable } from "../db/types.ts";
import { conflict, invalidField, notFound } from "../http/problem.ts";
import { recordAudit } from "../kernel/audit.ts";
import { causingRequestId } from "../kernel/request-cause.ts";
import type { Tx } from "../kernel/tx.ts";
import { issueStatement } from "./issue-statement.ts";
import { presentRun } from "./present.ts";
import { countStatementSides, statementSides } from "./queries.ts";

export const STATEMENTS_JOB = "documents.statements";

/** Who asked for a month's statements: a finance user from the console, or an operator at the command line. */
export interface OperatorWho {
  userId: string | null;
  door: AuditDoor;
}

function publishRun(tx: Tx, row: StatementRunsTable): void {
  tx.publish(
    "statement_run.updated",
    { channels: [platformRoleChannel("finance")] },
    { run: presentRun(row) },
  );
}

async function runRow(tx: Tx, runId: string): Promise<StatementRunsTable> {
  const row = await tx.db.selectFrom("statement_runs").selectAll().where("id", "=", runId).executeTakeFirst();
  if (!row) throw notFound("Statement run");
  return row;
}

/**
 * Finance asks for a closed month's statements: the run is recorded with how many there will be, and a job
 * issues them in the background. One run of a month at a time; statements issued by an earlier run of the
 * same month are not issued again.
 */
export async function startStatementRun(tx: Tx, who: OperatorWho, period: string): Promise<StatementRun> {
  const problem = statementMonthProblem(period, tx.now);
  if (problem) throw invalidField("period", problem);
  const busy = await tx.db
    .selectFrom("statement_runs")
    .select("id")
    .where("period", "=", period)
    .where("status", "=", "running")
    .executeTakeFirst();
  if (busy) throw conflict(`The statements for ${period} are being issued already.`);
  const total = await countStatementSides(tx.db, monthRange(period));
  const at = tx.now.toISOString();
  const runId = newId(tx.now.getTime());
  const jobId = newId(tx.now.getTime());
  await tx.db
    .insertInto("jobs")
    .values({
      id: jobId,
      kind: STATEMENTS_JOB,
      payload: JSON.stringify({ runId }),
      status: "queued",
      attempts: 0,
      next_attempt_at: at,
      locked_until: null,
      last_error: null,
      created_at: at,
      request_id: causingRequestId(),
    })
    .execute();
  const row: StatementRunsTable = {
    id: runId,
    period,
    status: "running",
    total,
    issued: 0,
    skipped: 0,
    cursor: null,
    requested_by: who.userId,
    job_id: jobId,
    error: null,
    created_at: at,
    finished_at: null,
  };
  await tx.db.insertInto("statement_runs").values(row).execute();
  await recordAudit(
    tx,
    { companyId: null, userId: who.userId, door: who.door },
    {
      action: "statements.requested",
      subjectType: "statement_run",
      subjectId: runId,
      summary: `Asked for the monthly statements of ${period} (${total})`,
      details: { period, total },
    },
  );
  publishRun(tx, row);
  return presentRun(row);
}

/**
 * One step of a run: the statements of the next `limit` sides, and the run's cursor moved past them in the
 * same transaction (a stopped job resumes after the last side written). True when none were left.
 */
export async function issueStatementSlice(
  tx: Tx,
  input: { runId: string; limit: number; publish: boolean },
): Promise<boolean> {
  const run = await runRow(tx, input.runId);
  if (run.status !== "running") return true;
  const sides = await statementSides(tx.db, monthRange(run.period), run.cursor, input.limit);
  if (sides.length === 0) return true;
  let issued = 0;
  let skipped = 0;
  for (const side of sides) {
    if ((await issueStatement(tx, side, run.period)) === "issued") issued += 1;
    else skipped += 1;
  }
  const next = {
    ...run,
    cursor: sides.at(-1)?.key ?? run.cursor,
    issued: Number(run.issued) + issued,
    skipped: Number(run.skipped) + skipped,
  };
  await tx.db
    .updateTable("statement_runs")
    .set({ cursor: next.cursor, issued: next.issued, skipped: next.skipped })
    .where("id", "=", run.id)
    .execute();
  if (input.publish) publishRun(tx, next);
  return false;
}

/** The run is over: done (or failed, with the reason), recorded in the operator's audit trail. */
export async function finishStatementRun(
  tx: Tx,
  input: { runId: string; error?: string },
): Promise<StatementRun> {
  const run = await runRow(tx, input.runId);
  const done = {
    ...run,
    status: input.error ? ("failed" as const) : ("done" as const),
    error: input.error ?? null,
    finished_at: tx.now.toISOString(),
  };
  await tx.db
    .updateTable("statement_runs")
    .set({ status: done.status, error: done.error, finished_at: done.finished_at })
    .where("id", "=", run.id)
    .execute();
  await recordAudit(
    tx,
    { companyId: null, userId: run.requested_by, door: "system" },
    {
      action: input.error ? "statements.failed" : "statements.issued",
      subjectType: "statement_run",
      subjectId: run.id,
      summary: input.error
        ? `The statements of ${run.period} stopped: ${input.error}`
        : `Issued ${run.issued} statements of ${run.period}${run.skipped ? ` (${run.skipped} issued before)` : ""}`,
      details: { period: run.period, issued: Number(run.issued), skipped: Number(run.skipped) },
    },
  );
  publishRun(tx, done);
  return presentRun(done);
}
