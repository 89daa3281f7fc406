import { validateProfile } from "../../common/profile.ts";
import type { Profile, ProfileValues } from "../../common/wire/profile.ts";
import type { UsersTable } from "../db/types.ts";
import { badRequest } from "../http/problem.ts";
import type { Tx } from "../kernel/tx.ts";
import { findProfile } from "./queries.ts";

/** The required information as PUT /api/me/profile sends it: any field may be missing (each is checked). */
export type ProfileInput = Partial<ProfileValues>;

/**
 * Saves the required information (all of it, or 400 naming each field). The account takes the name given
 * here, and the `profile.saved` hook tells the companies (contractors renames the person and, where they
 * accepted the invitation, makes them Active and tells the inviter).
 */
export async function saveProfile(tx: Tx, user: UsersTable, input: ProfileInput): Promise<Profile> {
  const { values, errors } = validateProfile(input);
  if (errors.length > 0) throw badRequest("Some required information is missing or invalid.", errors);
  const iso = tx.now.toISOString();
  const row = {
    first_name: values.firstName ?? "",
    last_name: values.lastName ?? "",
    country: values.country ?? "",
    city: values.city ?? "",
    address: values.address ?? "",
    postal_code: values.postalCode ?? "",
    tax_id: values.taxId ?? "",
    phone: values.phone ?? "",
    updated_at: iso,
  };
  await tx.db
    .insertInto("contractor_profiles")
    .values({ user_id: user.id, ...row, agreement_accepted_at: iso, completed_at: iso })
    .onConflict((oc) => oc.column("user_id").doUpdateSet(row))
    .execute();

  const name = `${row.first_name} ${row.last_name}`;
  const { email } = await tx.db
    .updateTable("users")
    .set({ name, updated_at: iso })
    .where("id", "=", user.id)
    .returning(["email"])
    .executeTakeFirstOrThrow();
  await tx.hooks.run(tx, "profile.saved", { userId: user.id, name, email });
  return findProfile(tx.db, user.id);
}
