import { type Static, Type } from "@sinclair/typebox";
import { TASK_STATUSES, type TaskStatus } from "../task-status.ts";

const Count = Type.Integer({ minimum: 0 });

/** An amount of one month in one currency. */
export const MonthlyAmountSchema = Type.Object({
  month: Type.String({ description: "The calendar month, YYYY-MM (UTC)" }),
  currency: Type.String({ description: "ISO 4217" }),
  amount: Type.String({ description: 'A decimal string with the currency\'s decimals, e.g. "1234.50"' }),
});
export type MonthlyAmount = Static<typeof MonthlyAmountSchema>;

const TaskCountsSchema = Type.Object(
  Object.fromEntries(TASK_STATUSES.map((s) => [s, Count])) as Record<TaskStatus, typeof Count>,
);

/** The company's home at a glance: its team by status, how invitations turn into Active contractors, its tasks. */
export const CompanyOverviewSchema = Type.Object({
  contractors: Type.Object(
    { invited: Count, active: Count, removed: Count },
    { description: "The company's contractors by their status now" },
  ),
  funnel: Type.Object(
    {
      invited: Type.Integer({
        minimum: 0,
        description: "Every invitation the company sent (removed included)",
      }),
      accepted: Type.Integer({
        minimum: 0,
        description: "Of those, the ones the contractor accepted (signed in through it, or accepted it)",
      }),
      active: Type.Integer({
        minimum: 0,
        description: "Of those, the ones that became Active (removed since included)",
      }),
      medianSecondsToActive: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], {
        description:
          "The median time from the invitation to Active, in seconds; null before anyone is Active",
      }),
    },
    { description: "From invited to Active" },
  ),
  tasks: Type.Object({
    byStatus: TaskCountsSchema,
    overdue: Type.Integer({
      minimum: 0,
      description: "Tasks not settled yet (draft, offered, in progress, in review) whose deadline has passed",
    }),
  }),
  spend: Type.Array(MonthlyAmountSchema, {
    description:
      "What the company paid per month and currency (its contractors' payments and the fees), oldest first",
  }),
});
export type CompanyOverview = Static<typeof CompanyOverviewSchema>;

/** The contractor's home: what they earned per month and currency, across every company, oldest first. */
export const ContractorOverviewSchema = Type.Object({ earnings: Type.Array(MonthlyAmountSchema) });
export type ContractorOverview = Static<typeof ContractorOverviewSchema>;
