import type { Profile } from "../../common/wire/profile.ts";
import type { ContractorProfilesTable } from "../db/types.ts";

/** The required information as the API shows it; empty until it was saved once. */
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
