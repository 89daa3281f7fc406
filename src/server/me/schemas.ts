import { Type } from "@sinclair/typebox";
import { UserSchema } from "../auth/present.ts";

export const MeSchema = Type.Object({
  user: UserSchema,
  companies: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      role: Type.Union([Type.Literal("owner"), Type.Literal("manager")]),
    }),
  ),
  contractorOf: Type.Array(
    Type.Object({
      companyId: Type.String(),
      companyName: Type.String(),
      status: Type.Union([Type.Literal("invited"), Type.Literal("active")]),
    }),
  ),
  pendingInvitations: Type.Array(
    Type.Object(
      { contractorId: Type.String(), companyName: Type.String() },
      { description: "Invitations a verified account may accept inside the app" },
    ),
  ),
  profileComplete: Type.Boolean({ description: "The contractor's required information is complete" }),
});
