import type {
  PayoutBatch,
  PayoutBatchPage,
  PayoutDetails,
  PayoutQueue,
  Withdrawal,
  WithdrawalPage,
} from "../../common/wire/payouts.ts";
import { api } from "../api/client.ts";

export type { PayoutBatch, PayoutDetails, Withdrawal } from "../../common/wire/payouts.ts";

const batch = (id: string) => `/api/finance/payout-batches/${encodeURIComponent(id)}`;
const withdrawal = (id: string) => `/api/finance/withdrawals/${encodeURIComponent(id)}`;

export const payoutsApi = {
  details: () => api.get<{ details: PayoutDetails | null }>("/api/me/payout-details"),
  saveDetails: (body: { accountHolder: string; iban: string; bic: string; currentPassword: string }) =>
    api.put<PayoutDetails>("/api/me/payout-details", body),
  myWithdrawals: () => api.get<WithdrawalPage>("/api/me/withdrawals"),
  withdraw: (body: { amount: string; currency: string }) => api.post<Withdrawal>("/api/me/withdrawals", body),
  cancel: (id: string) => api.delete<void>(`/api/me/withdrawals/${encodeURIComponent(id)}`),
  queue: () => api.get<PayoutQueue>("/api/finance/payout-queue"),
  batches: () => api.get<PayoutBatchPage>("/api/finance/payout-batches"),
  batch: (id: string) => api.get<PayoutBatch>(batch(id)),
  buildBatch: (currency: string) => api.post<PayoutBatch>("/api/finance/payout-batches", { currency }),
  markSent: (id: string) => api.post<PayoutBatch>(`${batch(id)}/sent`),
  markPaid: (id: string) => api.post<Withdrawal>(`${withdrawal(id)}/paid`),
  markFailed: (id: string, reason: string) => api.post<Withdrawal>(`${withdrawal(id)}/failed`, { reason }),
  painUrl: (id: string) => `${batch(id)}/pain.001.xml`,
  csvUrl: (id: string) => `${batch(id)}/items.csv`,
};

export const WITHDRAWAL_LABELS: Record<Withdrawal["status"], string> = {
  requested: "Requested",
  in_batch: "On its way to the bank",
  paid: "Paid",
  failed: "Failed",
  cancelled: "Cancelled",
};

export const BATCH_LABELS: Record<PayoutBatch["status"], string> = {
  built: "Built, not sent",
  sent: "Sent to the bank",
  settled: "Settled",
};
