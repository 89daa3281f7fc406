import { useQuery } from "@tanstack/react-query";
import type {
  Account,
  AccountExport,
  AccountSession,
  RememberedDevice,
  SecurityEvent,
} from "../../common/wire/account.ts";
import { api } from "../api/client.ts";
import { queryKeys } from "../api/query-keys.ts";

interface Items<T> {
  items: T[];
}

/** The Account page's reads, each under queryKeys.account(): `account.updated` refreshes them all. */
export const accountKeys = {
  account: () => [...queryKeys.account(), "summary"] as const,
  sessions: () => [...queryKeys.account(), "sessions"] as const,
  devices: () => [...queryKeys.account(), "devices"] as const,
  history: () => [...queryKeys.account(), "history"] as const,
  exports: () => [...queryKeys.account(), "exports"] as const,
};

export const useAccount = () =>
  useQuery({
    queryKey: accountKeys.account(),
    queryFn: ({ signal }) => api.get<Account>("/api/account", signal),
  });

export const useSessions = () =>
  useQuery({
    queryKey: accountKeys.sessions(),
    queryFn: ({ signal }) => api.get<Items<AccountSession>>("/api/account/sessions", signal),
  });

export const useDevices = () =>
  useQuery({
    queryKey: accountKeys.devices(),
    queryFn: ({ signal }) => api.get<Items<RememberedDevice>>("/api/account/remembered-devices", signal),
  });

export const useHistory = () =>
  useQuery({
    queryKey: accountKeys.history(),
    queryFn: ({ signal }) => api.get<Items<SecurityEvent>>("/api/account/history", signal),
  });

export const useExports = () =>
  useQuery({
    queryKey: accountKeys.exports(),
    queryFn: ({ signal }) => api.get<Items<AccountExport>>("/api/account/exports", signal),
  });
