import { parseMonth } from "../../common/documents.ts";
import { type Commands, UsageError } from "../kernel/command.ts";
import { transact } from "../kernel/transaction.ts";
import { queueActJobs } from "./hooks.ts";
import { startStatementRun } from "./statement-runs.ts";
import { runStatementJob } from "./worker.ts";

/** Documents' operator commands. */
export const documentCommands: Commands = {
  "issue-missing-acts": {
    usage: "issue-missing-acts",
    summary:
      "Queue the acts of acceptance of paid tasks that have none (tasks paid before documents existed)",
    async run(_args, context) {
      const missing = await context.database.db
        .selectFrom("task_payments as p")
        .select("p.task_id")
        .where("p.status", "=", "paid")
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom("documents as d")
                .select("d.id")
                .whereRef("d.task_id", "=", "p.task_id")
                .where("d.kind", "=", "act"),
            ),
          ),
        )
        .execute();
      await transact(context, (tx) =>
        queueActJobs(
          tx,
          missing.map((m) => m.task_id),
        ),
      );
      return `${missing.length} paid task(s) without acts: their acts are queued; a running Crewdesk issues them within seconds.`;
    },
  },
  "issue-statements": {
    usage: "issue-statements <YYYY-MM>",
    summary:
      "Issue the monthly statements of a closed month for every company and contractor (those issued before stay)",
    async run(args, context) {
      const [period] = args;
      if (!period || !parseMonth(period)) throw new UsageError("Give the month as YYYY-MM.");
      const run = await transact(context, (tx) =>
        startStatementRun(tx, { userId: null, door: "system" }, period),
      );
      const job = await context.database.db
        .updateTable("jobs")
        .set({ status: "running", locked_until: new Date(Date.now() + 60_000).toISOString(), attempts: 1 })
        .where("id", "=", (eb) => eb.selectFrom("statement_runs").select("job_id").where("id", "=", run.id))
        .where("status", "=", "queued")
        .returningAll()
        .executeTakeFirstOrThrow();
      await runStatementJob(context, job, async (runId) => {
        const row = await context.database.db
          .selectFrom("statement_runs")
          .select(["issued", "skipped", "total"])
          .where("id", "=", runId)
          .executeTakeFirstOrThrow();
        process.stderr.write(`\r${Number(row.issued) + Number(row.skipped)} of ${row.total}`);
      });
      const done = await context.database.db
        .selectFrom("statement_runs")
        .selectAll()
        .where("id", "=", run.id)
        .executeTakeFirstOrThrow();
      return `\nStatements of ${period}: ${done.issued} issued, ${done.skipped} issued before, of ${done.total}.`;
    },
  },
};
