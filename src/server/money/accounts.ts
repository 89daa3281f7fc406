import type { AccountOwnerKind, AccountPurpose } from "../db/types.ts";

/** One account of the ledger, in one currency (money.md: "Accounts"). */
export interface AccountRef {
  ownerKind: AccountOwnerKind;
  ownerId: string | null;
  purpose: AccountPurpose;
  currency: string;
}

export const companyAccount = (
  companyId: string,
  purpose: "available" | "reserved",
  currency: string,
): AccountRef => ({ ownerKind: "company", ownerId: companyId, purpose, currency });

export const contractorAccount = (
  userId: string,
  purpose: "available" | "withdrawing",
  currency: string,
): AccountRef => ({ ownerKind: "contractor", ownerId: userId, purpose, currency });

export const feesAccount = (currency: string): AccountRef => ({
  ownerKind: "operator",
  ownerId: null,
  purpose: "fees",
  currency,
});

/** The world outside: the only account whose balance may go below zero. */
export const bankAccount = (currency: string): AccountRef => ({
  ownerKind: "bank",
  ownerId: null,
  purpose: "bank",
  currency,
});

/** `company:<id>:available:EUR`, `operator:fees:EUR`, `bank:EUR`: sortable, so locks are taken in one order. */
export function accountId(ref: AccountRef): string {
  const parts: string[] = [ref.ownerKind];
  if (ref.ownerId !== null) parts.push(ref.ownerId);
  if (ref.ownerKind !== "bank") parts.push(ref.purpose);
  parts.push(ref.currency);
  return parts.join(":");
}
