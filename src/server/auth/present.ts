import { Type } from "@sinclair/typebox";
import type { User } from "../../common/wire/me.ts";
import type { UsersTable } from "../db/types.ts";

/** The contract's user object. */
export const UserSchema = Type.Object(
  {
    id: Type.String(),
    email: Type.String(),
    name: Type.String(),
    emailVerified: Type.Boolean(),
    platformRole: Type.Union([Type.Null(), Type.Literal("support")]),
  },
  { $id: "User" },
);

export function presentUser(user: UsersTable): User {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    emailVerified: user.email_verified_at !== null,
    platformRole: user.platform_role,
  };
}
