import type { User } from "../../common/wire/me.ts";
import type { UsersTable } from "../db/types.ts";

/** The contract's user object (UserSchema in src/common/wire/me.ts). */
export function presentUser(user: UsersTable): User {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    emailVerified: user.email_verified_at !== null,
    platformRole: user.platform_role,
  };
}
