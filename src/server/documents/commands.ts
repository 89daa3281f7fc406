import { parseMonth } from "../../common/documents.ts";
import { type Commands, UsageError } from "../kernel/command.ts";
import { transact } from "../kernel/transaction.ts";
import { startStatementRun } from "./statement-runs.ts";
import { runStatementJob } from "./worker.ts";

/** Documents' operator commands. */
export const documentCommands: Commands = {
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
