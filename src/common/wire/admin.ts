import { type Static, Type } from "@sinclair/typebox";
import { CompanyRoleSchema } from "./me.ts";

/** The company as its settings page shows it. */
export const CompanySettingsSchema = Type.Object(
  { id: Type.String(), name: Type.String() },
  { $id: "CompanySettings" },
);
export type CompanySettings = Static<typeof CompanySettingsSchema>;

/** A team member (owner or manager): the address the company knows them by, their role, since when. */
export const MemberSchema = Type.Object(
  {
    userId: Type.String(),
    email: Type.String(),
    role: CompanyRoleSchema,
    addedAt: Type.String({ format: "date-time" }),
  },
  { $id: "Member" },
);
export type Member = Static<typeof MemberSchema>;

export const MemberListSchema = Type.Object({ items: Type.Array(MemberSchema) });
export type MemberList = Static<typeof MemberListSchema>;

/** A company's API token: never its secret (shown once, when it is created). */
export const ApiTokenSchema = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    role: CompanyRoleSchema,
    createdAt: Type.String({ format: "date-time" }),
    lastUsedAt: Type.Union([Type.Null(), Type.String({ format: "date-time" })]),
    revokedAt: Type.Union([Type.Null(), Type.String({ format: "date-time" })]),
  },
  { $id: "ApiToken" },
);
export type ApiToken = Static<typeof ApiTokenSchema>;

export const ApiTokenListSchema = Type.Object({ items: Type.Array(ApiTokenSchema) });
export type ApiTokenList = Static<typeof ApiTokenListSchema>;

/** POST …/api-tokens: the token and, this once, its secret to send as `Authorization: Bearer <token>`. */
export const CreatedApiTokenSchema = Type.Object({
  apiToken: ApiTokenSchema,
  token: Type.String({ description: "Shown only now: only its hash is kept." }),
});
export type CreatedApiToken = Static<typeof CreatedApiTokenSchema>;
