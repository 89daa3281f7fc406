import type { Kysely } from "kysely";
import { validateProfile } from "../../common/profile.ts";
import type { Profile, ProfileValues } from "../../common/wire/profile.ts";
import type { Config } from "../config.ts";
import { activateIfComplete } from "../contractors/acceptance.ts";
import { contractorActiveEmail } from "../contractors/emails.ts";
import { writeSearchTerms } from "../db/search-terms.ts";
import type { ContractorProfilesTable, DB } from "../db/types.ts";
import { badRequest } from "../http/problem.ts";
import { appLink } from "../mail/layout.ts";
import { enqueueEmails } from "../mail/outbox.ts";

/** The required information as PUT /api/me/profile sends it: any field may be missing (each is checked). */
export type ProfileInput = Partial<ProfileValues>;

export function presentProfile(row: ContractorProfilesTable | undefined): Profile {
  return {
    firstName: row?.first_name ?? "",
    lastName: row?.last_name ?? "",
    country: row?.country ?? "",
    city: row?.city ?? "",
    address: row?.address ?? "",
    postalCode: row?.postal_code ?? "",
    taxId: row?.tax_id ?? "",
    phone: row?.phone ?? "",
    agreementAccepted: Boolean(row?.agreement_accepted_at),
    complete: Boolean(row?.completed_at),
    completedAt: row?.completed_at ?? null,
  };
}

export async function findProfile(db: Kysely<DB>, userId: string): Promise<Profile> {
  const row = await db
    .selectFrom("contractor_profiles")
    .selectAll()
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return presentProfile(row);
}

export interface SaveProfileOutput {
  profile: Profile;
  /** Relations that became Active or were renamed: publish after commit. */
  changedContractorIds: string[];
}

/**
 * Saves the required information (all of it, or 400 naming each field). The account takes the name
 * given here. Complete, it makes the contractor Active in every company whose invitation they accepted,
 * and each inviter is told by email in the same transaction.
 */
export async function saveProfile(
  trx: Kysely<DB>,
  config: Pick<Config, "appUrl">,
  input: { userId: string; profile: ProfileInput },
  now = new Date(),
): Promise<SaveProfileOutput> {
  const { values, errors } = validateProfile(input.profile);
  if (errors.length > 0) throw badRequest("Some required information is missing or invalid.", errors);
  const iso = now.toISOString();
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
  await trx
    .insertInto("contractor_profiles")
    .values({ user_id: input.userId, ...row, agreement_accepted_at: iso, completed_at: iso })
    .onConflict((oc) => oc.column("user_id").doUpdateSet(row))
    .execute();

  const name = `${row.first_name} ${row.last_name}`;
  const user = await trx
    .updateTable("users")
    .set({ name, updated_at: iso })
    .where("id", "=", input.userId)
    .returning(["email"])
    .executeTakeFirstOrThrow();
  const relations = await trx
    .selectFrom("contractors")
    .select(["id", "company_id"])
    .where("user_id", "=", input.userId)
    .execute();
  for (const r of relations)
    await writeSearchTerms(trx, "contractor", r.id, r.company_id, [name, user.email]);

  const activated = await activateIfComplete(trx, input.userId, now);
  if (activated.length > 0) {
    const inviters = await trx
      .selectFrom("contractors as c")
      .innerJoin("users as inviter", "inviter.id", "c.invited_by")
      .innerJoin("companies as co", "co.id", "c.company_id")
      .select(["c.id", "c.company_id", "inviter.email", "co.name as company_name"])
      .where("c.id", "in", activated)
      .execute();
    await enqueueEmails(
      trx,
      inviters.map((i) =>
        contractorActiveEmail({
          recipient: i.email,
          contractorName: name,
          contractorEmail: user.email,
          companyName: i.company_name,
          link: appLink(config.appUrl, `/companies/${encodeURIComponent(i.company_id)}/contractors`),
        }),
      ),
      now,
    );
  }
  const saved = await trx
    .selectFrom("contractor_profiles")
    .selectAll()
    .where("user_id", "=", input.userId)
    .executeTakeFirst();
  return { profile: presentProfile(saved), changedContractorIds: relations.map((r) => r.id) };
}
