import { Type } from "@sinclair/typebox";
import { DOCUMENT_KINDS } from "../../common/wire/documents.ts";

const Id = Type.String({ minLength: 1, maxLength: 64 });
const Month = Type.String({ pattern: "^\\d{4}-(0[1-9]|1[0-2])$", description: "A month, 2026-11" });

export const CompanyParams = Type.Object({ cid: Id });
export const CompanyDocumentParams = Type.Object({ cid: Id, id: Id });
export const DocumentParams = Type.Object({ id: Id });

export const DocumentQuery = Type.Object({
  kind: Type.Optional(Type.Union(DOCUMENT_KINDS.map((k) => Type.Literal(k)))),
  month: Type.Optional(Month),
  cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
});

export const StatementRunBody = Type.Object(
  { period: Type.String({ maxLength: 20, description: "A closed month, 2026-11" }) },
  { additionalProperties: false },
);
