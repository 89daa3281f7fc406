import { useQuery } from "@tanstack/react-query";
import type {
  CompanyBalance,
  ContractorBalance,
  TopUp,
  TopUpPage,
  TransferPage,
} from "../../common/wire/money.ts";
import { api } from "../api/client.ts";
import { queryKeys } from "../api/query-keys.ts";

export type { CompanyBalance, ContractorBalance, TopUp, Transfer } from "../../common/wire/money.ts";

export interface MoneySettings {
  payments: "prepaid" | "off";
  feePercent: string;
  testFunds: boolean;
}

const company = (cid: string) => `/api/companies/${encodeURIComponent(cid)}`;

export type TransferFilters = { currency?: string; kind?: string };

function search(filters: Record<string, string | null | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
  const text = params.toString();
  return text ? `?${text}` : "";
}

export const moneyApi = {
  settings: () => api.get<MoneySettings>("/api/money/settings"),
  balances: (cid: string) => api.get<{ items: CompanyBalance[] }>(`${company(cid)}/balances`),
  transfers: (cid: string, filters: TransferFilters, cursor?: string | null) =>
    api.get<TransferPage>(`${company(cid)}/transfers${search({ ...filters, cursor })}`),
  transfersCsvUrl: (cid: string, filters: TransferFilters) =>
    `${company(cid)}/transfers.csv${search(filters)}`,
  topUps: (cid: string) => api.get<TopUpPage>(`${company(cid)}/top-ups`),
  requestTopUp: (cid: string, body: { amount: string; currency: string }) =>
    api.post<TopUp>(`${company(cid)}/top-ups`, body),
  cancelTopUp: (cid: string, id: string) =>
    api.delete<void>(`${company(cid)}/top-ups/${encodeURIComponent(id)}`),
  markTestFunds: (cid: string, id: string) =>
    api.post<TopUp>(`${company(cid)}/top-ups/${encodeURIComponent(id)}/test-funds`),
  proformaUrl: (cid: string, id: string) => `${company(cid)}/top-ups/${encodeURIComponent(id)}/proforma.pdf`,
  myBalances: () => api.get<{ items: ContractorBalance[] }>("/api/me/balances"),
  myTransfers: (cursor?: string | null) => api.get<TransferPage>(`/api/me/transfers${search({ cursor })}`),
  financeTopUps: (filters: { status?: string; q?: string }) =>
    api.get<TopUpPage>(`/api/finance/top-ups${search(filters)}`),
  receive: (id: string, amount: string) =>
    api.post<TopUp>(`/api/finance/top-ups/${encodeURIComponent(id)}/receive`, { amount }),
};

/** Whether money is on (PAYMENTS=prepaid): with it off, the money pages and the header's balance are gone. */
export function useMoneySettings() {
  return useQuery({
    queryKey: ["money-settings"],
    queryFn: moneyApi.settings,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function useCompanyBalances(cid: string, enabled = true) {
  return useQuery({
    queryKey: [...queryKeys.companyMoney(cid), "balances"],
    queryFn: () => moneyApi.balances(cid),
    enabled,
  });
}

export const TOP_UP_LABELS: Record<TopUp["status"], string> = {
  awaiting_payment: "Awaiting payment",
  received: "Received",
  cancelled: "Cancelled",
};
