import { type Static, Type } from "@sinclair/typebox";
import { TASK_STATUSES, type TaskStatus } from "../task-status.ts";

const Count = Type.Integer({ minimum: 0 });

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
});
export type CompanyOverview = Static<typeof CompanyOverviewSchema>;
