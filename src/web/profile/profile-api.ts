import type { Profile, ProfileValues } from "../../common/wire/profile.ts";
import { api } from "../api/client.ts";

export type { Profile, ProfileValues } from "../../common/wire/profile.ts";

export const profileQueryKey = ["me", "profile"] as const;

export const fetchProfile = (signal?: AbortSignal) => api.get<Profile>("/api/me/profile", signal);
export const saveProfile = (values: ProfileValues) => api.put<Profile>("/api/me/profile", values);

export function valuesOf(profile: Profile): ProfileValues {
  const { complete: _complete, completedAt: _completedAt, ...values } = profile;
  return values;
}
