import { Type } from "@sinclair/typebox";
import { AUDIT_ACTIONS, AUDIT_DOORS } from "../../common/audit.ts";

const Id = Type.String({ minLength: 1, maxLength: 64 });

export const CompanyParams = Type.Object({ cid: Id });

export const AuditQuery = Type.Object({
  action: Type.Optional(Type.Union(AUDIT_ACTIONS.map((a) => Type.Literal(a)))),
  person: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: "A user id" })),
  door: Type.Optional(Type.Union(AUDIT_DOORS.map((d) => Type.Literal(d)))),
  from: Type.Optional(Type.String({ format: "date", description: "From this day (UTC), inclusive" })),
  to: Type.Optional(Type.String({ format: "date", description: "To this day (UTC), inclusive" })),
  cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
});

export const AuditCsvQuery = Type.Omit(AuditQuery, ["cursor"]);
