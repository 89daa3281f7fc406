import { type Kysely, type RawBuilder, sql } from "kysely";
import { CONTRACTOR_STATUSES } from "../../common/contractor-status.ts";
import { formatMoney } from "../../common/money.ts";
import { FINAL_STATUSES, TASK_STATUSES, type TaskStatus } from "../../common/task-status.ts";
import type { CompanyOverview, ContractorOverview, MonthlyAmount } from "../../common/wire/overview.ts";
import type { Dialect } from "../db/connection.ts";
import type { DB } from "../db/types.ts";
import { earningsPerMonth, spendPerMonth } from "../money/queries.ts";
import { DEADLINE_KEY_SQL } from "../tasks/task-order.ts";

const OPEN_STATUSES = TASK_STATUSES.filter((s) => !FINAL_STATUSES.includes(s));

function presentMonthly(row: { month: string; currency: string; amount: number }): MonthlyAmount {
  return {
    month: row.month,
    currency: row.currency,
    amount: formatMoney({ minor: row.amount, currency: row.currency }),
  };
}

/** Seconds from a contractor's invitation to Active, in the database's own date arithmetic. */
function secondsToActive(dialect: Dialect): RawBuilder<number> {
  return dialect === "postgres"
    ? sql<number>`extract(epoch from (activated_at - invited_at))`
    : sql<number>`(julianday(activated_at) - julianday(invited_at)) * 86400.0`;
}

/**
 * The company's contractors by status with the funnel's totals, in one pass over its relations: a removed
 * contractor still counts as invited, and as accepted or Active if they got that far.
 */
async function contractorCounts(db: Kysely<DB>, companyId: string) {
  const rows = await db
    .selectFrom("contractors")
    .select((eb) => [
      "status",
      eb.fn.countAll<number>().as("n"),
      eb.fn.count<number>("accepted_at").as("accepted"),
      eb.fn.count<number>("activated_at").as("activated"),
    ])
    .where("company_id", "=", companyId)
    .groupBy("status")
    .execute();
  const byStatus = Object.fromEntries(
    CONTRACTOR_STATUSES.map((s) => [s, 0]),
  ) as CompanyOverview["contractors"];
  let invited = 0;
  let accepted = 0;
  let active = 0;
  for (const row of rows) {
    byStatus[row.status] = Number(row.n);
    invited += Number(row.n);
    accepted += Number(row.accepted);
    active += Number(row.activated);
  }
  return { byStatus, invited, accepted, active };
}

/**
 * The median of the times from invitation to Active: the middle row (or the mean of the two middle rows) of
 * the durations in order, picked by the database so that one row comes back however large the team.
 */
async function medianSecondsToActive(
  db: Kysely<DB>,
  dialect: Dialect,
  companyId: string,
): Promise<number | null> {
  const durations = db
    .selectFrom("contractors")
    .select(secondsToActive(dialect).as("d"))
    .where("company_id", "=", companyId)
    .where("activated_at", "is not", null);
  const ranked = db
    .selectFrom(durations.as("x"))
    .select([
      "x.d",
      sql<number>`row_number() over (order by x.d)`.as("rn"),
      sql<number>`count(*) over ()`.as("n"),
    ]);
  const row = await db
    .selectFrom(ranked.as("y"))
    .select(sql<number | string | null>`cast(avg(y.d) as double precision)`.as("median"))
    .where(sql<boolean>`y.rn in ((y.n + 1) / 2, (y.n + 2) / 2)`)
    .executeTakeFirst();
  if (row?.median === null || row?.median === undefined) return null;
  return Math.max(0, Math.round(Number(row.median)));
}

/**
 * The company's tasks by status, and how many of the unsettled ones are past their deadline on `today`.
 * Both are read from indexes alone (the status index of the list, and the deadline order's index of
 * migration 0013, by its very expression), never from the task rows: the rows the Tasks list counts.
 */
async function taskCounts(db: Kysely<DB>, companyId: string, today: string) {
  const [rows, late] = await Promise.all([
    db
      .selectFrom("tasks")
      .select((eb) => ["status", eb.fn.countAll<number>().as("n")])
      .where("company_id", "=", companyId)
      .groupBy("status")
      .execute(),
    db
      .selectFrom("tasks")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("company_id", "=", companyId)
      .where(sql.raw(DEADLINE_KEY_SQL), "<", today)
      .where("status", "in", OPEN_STATUSES)
      .executeTakeFirst(),
  ]);
  const byStatus = Object.fromEntries(TASK_STATUSES.map((s) => [s, 0])) as Record<TaskStatus, number>;
  for (const row of rows) byStatus[row.status] = Number(row.n);
  return { byStatus, overdue: Number(late?.n ?? 0) };
}

/**
 * The company's overview: a handful of grouped counts, never a row per contractor or task in the answer.
 * `today` is the reader's calendar date, which decides what is overdue.
 */
export async function companyOverview(
  db: Kysely<DB>,
  dialect: Dialect,
  companyId: string,
  today: string,
): Promise<CompanyOverview> {
  const [contractors, median, tasks, spend] = await Promise.all([
    contractorCounts(db, companyId),
    medianSecondsToActive(db, dialect, companyId),
    taskCounts(db, companyId, today),
    spendPerMonth(db, companyId),
  ]);
  return {
    contractors: contractors.byStatus,
    funnel: {
      invited: contractors.invited,
      accepted: contractors.accepted,
      active: contractors.active,
      medianSecondsToActive: median,
    },
    tasks,
    spend: spend.map(presentMonthly),
  };
}

/** The contractor's home: their earnings per month and currency, from every company they work for. */
export async function contractorOverview(db: Kysely<DB>, userId: string): Promise<ContractorOverview> {
  return { earnings: (await earningsPerMonth(db, userId)).map(presentMonthly) };
}
