import { type Static, type TString, Type } from "@sinclair/typebox";
import { DESCRIPTION_MAX, EXTERNAL_ID_MAX, PROJECT_MAX, TITLE_MAX } from "../task-fields.ts";
import { TASK_SORTS } from "../task-sort.ts";
import { TASK_STATUSES } from "../task-status.ts";
import { ContractorStatusSchema } from "./contractors.ts";
import { TaskPaymentSchema } from "./money.ts";
import { PageSchema } from "./page.ts";

const Nullable = <T extends TString>(schema: T) => Type.Union([schema, Type.Null()]);

export const TaskStatusSchema = Type.Union(TASK_STATUSES.map((s) => Type.Literal(s)));

/** A task list's order (`sort=`): newest first by default; "-" before a key is descending. */
export const TaskSortSchema = Type.Union(
  TASK_SORTS.map((s) => Type.Literal(s)),
  {
    description:
      "newest (default), deadline, amount or status, each either way (-deadline …). Undated tasks come last; " +
      "amounts are compared within a currency; statuses in the lifecycle's order.",
  },
);

export const TaskHistoryEntrySchema = Type.Object({
  at: Type.String({ format: "date-time" }),
  actor: Type.Object({ id: Type.String(), name: Type.String() }),
  from: Type.Union([TaskStatusSchema, Type.Null()]),
  to: TaskStatusSchema,
  comment: Type.Union([Type.String(), Type.Null()]),
});
export type TaskHistoryEntry = Static<typeof TaskHistoryEntrySchema>;

/** The contractor as a task carries it. */
export const TaskContractorSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  email: Type.String(),
  status: ContractorStatusSchema,
});
export type TaskContractor = Static<typeof TaskContractorSchema>;

/** The contract's task object. `history` only on the single-task reads; `company` only on the contractor's. */
export const TaskSchema = Type.Object(
  {
    id: Type.String(),
    number: Type.Integer(),
    title: Type.String(),
    description: Type.String(),
    status: TaskStatusSchema,
    contractor: Type.Union([TaskContractorSchema, Type.Null()]),
    amount: Type.String({ description: 'A decimal string with the currency\'s decimals, e.g. "1234.50"' }),
    currency: Type.String({ description: "ISO 4217" }),
    deadline: Type.Union([Type.String({ format: "date" }), Type.Null()]),
    project: Type.Union([Type.String(), Type.Null()]),
    externalId: Type.Union([Type.String(), Type.Null()]),
    createdAt: Type.String({ format: "date-time" }),
    updatedAt: Type.String({ format: "date-time" }),
    payment: Type.Union([TaskPaymentSchema, Type.Null()], {
      description: "What the task's money is doing; null while nothing was reserved or asked for",
    }),
    history: Type.Optional(Type.Array(TaskHistoryEntrySchema, { description: "Single-task reads only" })),
    company: Type.Optional(
      Type.Object({ id: Type.String(), name: Type.String() }, { description: "The contractor's reads only" }),
    ),
  },
  { $id: "Task" },
);
export type Task = Static<typeof TaskSchema>;

export const TaskPageSchema = PageSchema(TaskSchema);
export type TaskPage = Static<typeof TaskPageSchema>;

// Lengths in the bodies only bound the work a request can cause (text is trimmed first); the rules with
// their messages are the server's checks of the task fields.
const fieldProperties = {
  description: Type.Optional(Nullable(Type.String({ maxLength: DESCRIPTION_MAX }))),
  deadline: Type.Optional(Nullable(Type.String({ description: "YYYY-MM-DD" }))),
  project: Type.Optional(Nullable(Type.String({ maxLength: PROJECT_MAX * 4 }))),
  externalId: Type.Optional(Nullable(Type.String({ maxLength: EXTERNAL_ID_MAX * 4 }))),
  contractorId: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
  contractorEmail: Type.Optional(
    Type.String({ maxLength: 320, description: "Invites this address as a contractor and assigns the task" }),
  ),
};

/** POST /api/companies/{cid}/tasks */
export const CreateTaskBodySchema = Type.Object(
  {
    title: Type.String({ maxLength: TITLE_MAX * 4 }),
    amount: Type.String({ maxLength: 40, description: 'A decimal string, e.g. "1234.50"' }),
    currency: Type.String({ maxLength: 3, description: "ISO 4217" }),
    ...fieldProperties,
    send: Type.Optional(Type.Boolean({ description: "Send it to the contractor at once (Offered)" })),
  },
  { additionalProperties: false },
);
export type CreateTaskBody = Static<typeof CreateTaskBodySchema>;

/** PATCH /api/companies/{cid}/tasks/{id}: the fields to change. */
export const UpdateTaskBodySchema = Type.Object(
  {
    title: Type.Optional(Type.String({ maxLength: TITLE_MAX * 4 })),
    amount: Type.Optional(Type.String({ maxLength: 40 })),
    currency: Type.Optional(Type.String({ maxLength: 3 })),
    ...fieldProperties,
  },
  { additionalProperties: false },
);
export type UpdateTaskBody = Static<typeof UpdateTaskBodySchema>;

/** The task's fields as the company types them (create, or the fields of a PATCH). */
export type TaskFieldsBody = Omit<UpdateTaskBody, "contractorEmail">;
