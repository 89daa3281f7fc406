import { useQuery } from "@tanstack/react-query";
import { ROLE_LABELS } from "../../common/admin.ts";
import type { ApiTokenList, CompanySettings, MemberList } from "../../common/wire/admin.ts";
import { api } from "../api/client.ts";
import { queryKeys } from "../api/query-keys.ts";

/** The settings page's reads, each under queryKeys.companySettings(cid): a change refreshes them all. */
export const settingsKeys = {
  company: (cid: string) => [...queryKeys.companySettings(cid), "company"] as const,
  members: (cid: string) => [...queryKeys.companySettings(cid), "members"] as const,
  tokens: (cid: string) => [...queryKeys.companySettings(cid), "api-tokens"] as const,
};

export const companyPath = (cid: string, rest = "") => `/api/companies/${encodeURIComponent(cid)}${rest}`;

export const useCompanySettings = (cid: string) =>
  useQuery({
    queryKey: settingsKeys.company(cid),
    queryFn: ({ signal }) => api.get<CompanySettings>(companyPath(cid, "/settings"), signal),
  });

export const useMembers = (cid: string) =>
  useQuery({
    queryKey: settingsKeys.members(cid),
    queryFn: ({ signal }) => api.get<MemberList>(companyPath(cid, "/members"), signal),
  });

export const useApiTokens = (cid: string) =>
  useQuery({
    queryKey: settingsKeys.tokens(cid),
    queryFn: ({ signal }) => api.get<ApiTokenList>(companyPath(cid, "/api-tokens"), signal),
  });

/** The roles a member or an API token may hold, as the team's and the tokens' role pickers offer them. */
export const ROLE_OPTIONS = (["manager", "owner"] as const).map((role) => ({
  value: role,
  label: ROLE_LABELS[role],
}));
