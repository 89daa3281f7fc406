import { type Static, Type } from "@sinclair/typebox";
import { PageSchema } from "./page.ts";

const Amount = (description = 'A decimal string with the currency\'s decimals, e.g. "1234.50"') =>
  Type.String({ description });

/** A company's balance in one currency. */
export const CompanyBalanceSchema = Type.Object(
  { currency: Type.String(), available: Amount(), reserved: Amount() },
  { $id: "CompanyBalance" },
);
export type CompanyBalance = Static<typeof CompanyBalanceSchema>;

/** A contractor's earnings in one currency. */
export const ContractorBalanceSchema = Type.Object(
  { currency: Type.String(), available: Amount(), withdrawing: Amount() },
  { $id: "ContractorBalance" },
);
export type ContractorBalance = Static<typeof ContractorBalanceSchema>;

export const TRANSFER_KINDS = [
  "top_up",
  "reserve",
  "release",
  "payment",
  "fee",
  "withdrawal",
  "withdrawal_cancelled",
  "payout",
  "payout_failed",
] as const;
export type TransferKind = (typeof TRANSFER_KINDS)[number];

/** What each kind of transfer is called wherever a person reads it: the history, its CSV, the statements. */
export const TRANSFER_KIND_LABELS: Record<TransferKind, string> = {
  top_up: "Top-up",
  reserve: "Reserved for a task",
  release: "Reservation returned",
  payment: "Payment for a task",
  fee: "Platform fee",
  withdrawal: "Withdrawal",
  withdrawal_cancelled: "Withdrawal cancelled",
  payout: "Payout",
  payout_failed: "Payout failed",
};

/** A transfer as the viewer sees it: one entry per account of theirs that it touches. */
export const TransferSchema = Type.Object(
  {
    id: Type.String(),
    at: Type.String({ format: "date-time" }),
    kind: Type.Union(TRANSFER_KINDS.map((k) => Type.Literal(k))),
    amount: Amount(),
    currency: Type.String(),
    account: Type.Union([Type.Literal("available"), Type.Literal("reserved"), Type.Literal("withdrawing")]),
    direction: Type.Union([Type.Literal("in"), Type.Literal("out")]),
    reference: Type.Object({
      type: Type.Union([
        Type.Literal("task"),
        Type.Literal("top_up"),
        Type.Literal("withdrawal"),
        Type.Literal("payout_batch"),
      ]),
      id: Type.String(),
      label: Type.String(),
    }),
  },
  { $id: "Transfer" },
);
export type Transfer = Static<typeof TransferSchema>;
export const TransferPageSchema = PageSchema(TransferSchema);
export type TransferPage = Static<typeof TransferPageSchema>;

export const TOP_UP_STATUSES = ["awaiting_payment", "received", "cancelled"] as const;
export type TopUpStatus = (typeof TOP_UP_STATUSES)[number];

export const TopUpSchema = Type.Object(
  {
    id: Type.String(),
    number: Type.String(),
    amount: Amount(),
    currency: Type.String(),
    status: Type.Union(TOP_UP_STATUSES.map((s) => Type.Literal(s))),
    paymentReference: Type.String({ description: "To be quoted on the bank transfer" }),
    receivedAmount: Type.Union([Amount("What actually arrived"), Type.Null()]),
    testFunds: Type.Boolean({ description: "Marked received by the company itself, outside production" }),
    createdAt: Type.String({ format: "date-time" }),
    receivedAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
    company: Type.Optional(
      Type.Object({ id: Type.String(), name: Type.String() }, { description: "Finance's reads only" }),
    ),
  },
  { $id: "TopUp" },
);
export type TopUp = Static<typeof TopUpSchema>;
export const TopUpPageSchema = PageSchema(TopUpSchema);
export type TopUpPage = Static<typeof TopUpPageSchema>;

export const TASK_PAYMENT_STATUSES = ["unfunded", "reserved", "paid", "released"] as const;
export type TaskPaymentStatus = (typeof TASK_PAYMENT_STATUSES)[number];

/** What a task's money is doing; null while nothing was reserved nor asked for, and with payments off. */
export const TaskPaymentSchema = Type.Object({
  status: Type.Union(TASK_PAYMENT_STATUSES.map((s) => Type.Literal(s))),
  fee: Amount("The platform's fee, charged to the company on top of the amount; fixed when sent"),
  shortfall: Type.Optional(Amount("How much was missing when it was last sent (unfunded only)")),
});
export type TaskPayment = Static<typeof TaskPaymentSchema>;
