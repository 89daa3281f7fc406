import type { Kysely } from "kysely";
import type { Profile } from "../../common/wire/profile.ts";
import type { DB } from "../db/types.ts";
import { presentProfile } from "./present.ts";

export async function findProfile(db: Kysely<DB>, userId: string): Promise<Profile> {
  const row = await db
    .selectFrom("contractor_profiles")
    .selectAll()
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return presentProfile(row);
}
