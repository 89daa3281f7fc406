import { Type } from "@sinclair/typebox";
import { TASK_STATUSES } from "../../common/task-status.ts";
import { DESCRIPTION_MAX, EXTERNAL_ID_MAX, PROJECT_MAX, TITLE_MAX } from "./task-fields.ts";

const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);

export const TaskStatusSchema = Type.Union(TASK_STATUSES.map((s) => Type.Literal(s)));

const HistoryEntrySchema = Type.Object({
  at: Type.String({ format: "date-time" }),
  actor: Type.Object({ id: Type.String(), name: Type.String() }),
  from: Type.Union([TaskStatusSchema, Type.Null()]),
  to: TaskStatusSchema,
  comment: Type.Union([Type.String(), Type.Null()]),
});

export const TaskSchema = Type.Object(
  {
    id: Type.String(),
    number: Type.Integer(),
    title: Type.String(),
    description: Type.String(),
    status: TaskStatusSchema,
    contractor: Type.Union([
      Type.Object({
        id: Type.String(),
        name: Type.String(),
        email: Type.String(),
        status: Type.Union([Type.Literal("invited"), Type.Literal("active"), Type.Literal("removed")]),
      }),
      Type.Null(),
    ]),
    amount: Type.String({ description: 'A decimal string with the currency\'s decimals, e.g. "1234.50"' }),
    currency: Type.String({ description: "ISO 4217" }),
    deadline: Type.Union([Type.String({ format: "date" }), Type.Null()]),
    project: Type.Union([Type.String(), Type.Null()]),
    externalId: Type.Union([Type.String(), Type.Null()]),
    createdAt: Type.String({ format: "date-time" }),
    updatedAt: Type.String({ format: "date-time" }),
    history: Type.Optional(Type.Array(HistoryEntrySchema, { description: "Single-task reads only" })),
    company: Type.Optional(
      Type.Object({ id: Type.String(), name: Type.String() }, { description: "The contractor's reads only" }),
    ),
  },
  { $id: "Task" },
);

export const TaskListSchema = Type.Object({
  items: Type.Array(Type.Ref("Task")),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});

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

export const CreateTaskBody = Type.Object(
  {
    title: Type.String({ maxLength: TITLE_MAX * 4 }),
    amount: Type.String({ maxLength: 40, description: 'A decimal string, e.g. "1234.50"' }),
    currency: Type.String({ maxLength: 3, description: "ISO 4217" }),
    ...fieldProperties,
    send: Type.Optional(Type.Boolean({ description: "Send it to the contractor at once (Offered)" })),
  },
  { additionalProperties: false },
);

export const UpdateTaskBody = Type.Object(
  {
    title: Type.Optional(Type.String({ maxLength: TITLE_MAX * 4 })),
    amount: Type.Optional(Type.String({ maxLength: 40 })),
    currency: Type.Optional(Type.String({ maxLength: 3 })),
    ...fieldProperties,
  },
  { additionalProperties: false },
);

export const CompanyMoveBody = Type.Object(
  { comment: Type.Optional(Nullable(Type.String({ maxLength: 5000 }))) },
  { additionalProperties: false },
);

export const ContractorMoveBody = Type.Object(
  {
    comment: Type.Optional(Nullable(Type.String({ maxLength: 5000 }))),
    result: Type.Optional(Type.String({ maxLength: DESCRIPTION_MAX })),
    link: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  },
  { additionalProperties: false },
);

const Id = Type.String({ minLength: 1, maxLength: 64 });

export const CompanyParams = Type.Object({ cid: Id });
export const CompanyTaskParams = Type.Object({ cid: Id, id: Id });
export const CompanyActionParams = Type.Object({ cid: Id, id: Id, action: Type.String({ maxLength: 32 }) });
export const MyTaskParams = Type.Object({ id: Id });
export const MyActionParams = Type.Object({ id: Id, action: Type.String({ maxLength: 32 }) });

export const CompanyListQuery = Type.Object({
  status: Type.Optional(TaskStatusSchema),
  contractorId: Type.Optional(Id),
  project: Type.Optional(Type.String({ maxLength: PROJECT_MAX * 4 })),
  q: Type.Optional(
    Type.String({
      maxLength: 200,
      description: "Search: each word typed must be the start of a word of the title, in any case",
    }),
  ),
  cursor: Type.Optional(Id),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
});

export const MyListQuery = Type.Object({
  companyId: Type.Optional(Id),
  status: Type.Optional(TaskStatusSchema),
  cursor: Type.Optional(Id),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
});
