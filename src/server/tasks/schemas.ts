import { Type } from "@sinclair/typebox";
import { COMMENT_MAX, DESCRIPTION_MAX, PROJECT_MAX } from "../../common/task-fields.ts";
import { TaskSortSchema, TaskStatusSchema } from "../../common/wire/tasks.ts";

// The task object and the create and update bodies are wire objects (src/common/wire/tasks.ts); here, the
// rest of the tasks routes' requests.

const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);

export const CompanyMoveBody = Type.Object(
  { comment: Type.Optional(Nullable(Type.String({ maxLength: COMMENT_MAX }))) },
  { additionalProperties: false },
);

export const ContractorMoveBody = Type.Object(
  {
    comment: Type.Optional(Nullable(Type.String({ maxLength: COMMENT_MAX }))),
    result: Type.Optional(Type.String({ maxLength: DESCRIPTION_MAX })),
    link: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  },
  { additionalProperties: false },
);

const Id = Type.String({ minLength: 1, maxLength: 64 });

/** A page's cursor: a task id, or for another order than newest first the last row's sort key and id. */
const Cursor = Type.String({ minLength: 1, maxLength: 256 });
const Total = Type.Boolean({
  description: "true with the first page: the answer's `total` says how many match, counted up to 10,000",
});

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
  sort: Type.Optional(TaskSortSchema),
  cursor: Type.Optional(Cursor),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
  total: Type.Optional(Total),
});

export const MyListQuery = Type.Object({
  companyId: Type.Optional(Id),
  status: Type.Optional(TaskStatusSchema),
  sort: Type.Optional(TaskSortSchema),
  cursor: Type.Optional(Cursor),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
  total: Type.Optional(Total),
});
