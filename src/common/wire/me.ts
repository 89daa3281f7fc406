import { type Static, Type } from "@sinclair/typebox";

export const PlatformRoleSchema = Type.Union([Type.Literal("support"), Type.Literal("finance")]);
export type PlatformRole = Static<typeof PlatformRoleSchema>;
export const CompanyRoleSchema = Type.Union([Type.Literal("owner"), Type.Literal("manager")]);
export type CompanyRole = Static<typeof CompanyRoleSchema>;

/** The contract's user object. */
export const UserSchema = Type.Object(
  {
    id: Type.String(),
    email: Type.String(),
    name: Type.String(),
    emailVerified: Type.Boolean(),
    platformRole: Type.Union([Type.Null(), PlatformRoleSchema]),
  },
  { $id: "User" },
);
export type User = Static<typeof UserSchema>;

/** GET /api/me */
export const MeSchema = Type.Object({
  user: UserSchema,
  companies: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), role: CompanyRoleSchema })),
  contractorOf: Type.Array(
    Type.Object(
      {
        companyId: Type.String(),
        companyName: Type.String(),
        status: Type.Union([Type.Literal("invited"), Type.Literal("active")]),
      },
      {
        description:
          "Accepted invitations, Invited until the required information is complete, then Active; removed ones are gone from the contractor's view. Empty for an account that never proved its address.",
      },
    ),
  ),
  pendingInvitations: Type.Array(
    Type.Object(
      { contractorId: Type.String(), companyName: Type.String() },
      {
        description:
          "Invitations not answered yet, which a verified account may accept inside the app. Empty for an account that never proved its address.",
      },
    ),
  ),
  profileComplete: Type.Boolean({ description: "The contractor's required information is complete" }),
});
export type Me = Static<typeof MeSchema>;
