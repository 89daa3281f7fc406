import { api } from "../api/client.ts";

/** The required information (product.md), as GET/PUT /api/me/profile carry it. */
// A type, not an interface: Mantine's form helpers want a record type.
export type ProfileValues = {
  firstName: string;
  lastName: string;
  country: string;
  city: string;
  address: string;
  postalCode: string;
  taxId: string;
  phone: string;
  agreementAccepted: boolean;
};

export type Profile = ProfileValues & {
  complete: boolean;
  completedAt: string | null;
};

export const profileQueryKey = ["me", "profile"] as const;

export const fetchProfile = (signal?: AbortSignal) => api.get<Profile>("/api/me/profile", signal);
export const saveProfile = (values: ProfileValues) => api.put<Profile>("/api/me/profile", values);

export function valuesOf(profile: Profile): ProfileValues {
  const { complete: _complete, completedAt: _completedAt, ...values } = profile;
  return values;
}
