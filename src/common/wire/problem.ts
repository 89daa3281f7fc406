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
    shortfall: Type.Optional(
      Type.Object(
        { amount: Type.String(), currency: Type.String() },
        { description: "How much money is missing (a send the balance cannot cover, 409), fee included" },
      ),
    ),
  },
  { description: "application/problem+json (RFC 9457)" },
);
export type ProblemDocument = Static<typeof ProblemSchema>;
