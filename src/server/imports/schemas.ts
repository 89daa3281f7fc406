import { Type } from "@sinclair/typebox";

const Id = Type.String({ minLength: 1, maxLength: 64 });

export const CompanyParams = Type.Object({ cid: Id });
export const ImportParams = Type.Object({ cid: Id, id: Id });

export const ImportListQuery = Type.Object({
  cursor: Type.Optional(Id),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 20 })),
});

export const ErrorsQuery = Type.Object({
  cursor: Type.Optional(
    Type.String({ pattern: "^[0-9]{1,10}$", description: "nextCursor of the page before" }),
  ),
});

export const RowsQuery = Type.Object({
  status: Type.Optional(
    Type.Union([Type.Literal("valid"), Type.Literal("duplicate")], {
      default: "valid",
      description: "valid (the default) or duplicate",
    }),
  ),
  cursor: Type.Optional(
    Type.String({ pattern: "^[0-9]{1,10}$", description: "nextCursor of the page before" }),
  ),
});

export const CommitBody = Type.Object(
  {
    skipInvalidRows: Type.Optional(
      Type.Boolean({ description: "Import the valid rows of a file that also has rows with errors" }),
    ),
    send: Type.Optional(
      Type.Boolean({ description: "Offer the tasks to their contractors now (otherwise they are Drafts)" }),
    ),
    allowSameFile: Type.Optional(
      Type.Boolean({ description: "Import a file whose very bytes were imported before" }),
    ),
  },
  { additionalProperties: false },
);
