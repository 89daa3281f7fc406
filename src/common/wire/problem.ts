import { type Static, Type } from "@sinclair/typebox";

/** One wrong field (or CSV cell) of a problem document. */
export const ProblemDetailSchema = Type.Object({
  field: Type.Optional(Type.String()),
  row: Type.Optional(Type.Integer()),
  column: Type.Optional(Type.String()),
  message: Type.String(),
});
export type ProblemDetail = Static<typeof ProblemDetailSchema>;

/** An RFC 9457 problem document, as every error of the API is answered. */
export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    errors: Type.Optional(Type.Array(ProblemDetailSchema)),
    allowed: Type.Optional(
      Type.Array(Type.String(), { description: "The moves or fields allowed now (409)" }),
    ),
  },
  { description: "application/problem+json (RFC 9457)" },
);
export type ProblemDocument = Static<typeof ProblemSchema>;
