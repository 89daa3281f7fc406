import { type Static, Type } from "@sinclair/typebox";
import { AUDIT_ACTIONS, AUDIT_DOORS } from "../audit.ts";
import { PageSchema } from "./page.ts";

/** One entry of a company's audit log: who did what, when, through which door. */
export const AuditEntrySchema = Type.Object(
  {
    id: Type.String(),
    at: Type.String({ format: "date-time" }),
    action: Type.String({ description: `subject.verb, e.g. ${AUDIT_ACTIONS.slice(0, 3).join(", ")}` }),
    door: Type.Union(AUDIT_DOORS.map((d) => Type.Literal(d))),
    person: Type.Union([
      Type.Object({
        id: Type.String(),
        name: Type.String(),
        email: Type.Union([Type.String(), Type.Null()]),
        deleted: Type.Boolean({ description: "The person deleted their account: shown as deleted" }),
      }),
      Type.Null(),
    ]),
    tokenId: Type.Union([Type.String(), Type.Null()]),
    subjectType: Type.String(),
    subjectId: Type.Union([Type.String(), Type.Null()]),
    summary: Type.String(),
    details: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  },
  { $id: "AuditEntry" },
);
export type AuditEntry = Static<typeof AuditEntrySchema>;
export const AuditPageSchema = PageSchema(AuditEntrySchema);
export type AuditPage = Static<typeof AuditPageSchema>;

/** Someone who appears in the log (the person filter's choices). */
export const AuditPersonSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  deleted: Type.Boolean(),
});
export type AuditPerson = Static<typeof AuditPersonSchema>;
