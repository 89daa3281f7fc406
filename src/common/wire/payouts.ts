import { type Static, Type } from "@sinclair/typebox";
import { PageSchema } from "./page.ts";

const Amount = (description = 'A decimal string with the currency\'s decimals, e.g. "1234.50"') =>
  Type.String({ description });
const Instant = Type.String({ format: "date-time" });

/** The bank account a contractor is paid to (their own reads; the IBAN without spaces). */
export const PayoutDetailsSchema = Type.Object(
  {
    accountHolder: Type.String(),
    iban: Type.String(),
    bic: Type.String(),
    updatedAt: Instant,
  },
  { $id: "PayoutDetails" },
);
export type PayoutDetails = Static<typeof PayoutDetailsSchema>;

export const WITHDRAWAL_STATUSES = ["requested", "in_batch", "paid", "failed", "cancelled"] as const;
export type WithdrawalStatus = (typeof WITHDRAWAL_STATUSES)[number];

/** A contractor's request to be paid out; `number` is the pain.001 EndToEndId (at most 35 characters). */
export const WithdrawalSchema = Type.Object(
  {
    id: Type.String(),
    number: Type.String({ maxLength: 35 }),
    amount: Amount(),
    currency: Type.String(),
    status: Type.Union(WITHDRAWAL_STATUSES.map((s) => Type.Literal(s))),
    reason: Type.Union([Type.String({ description: "The bank's reason, when failed" }), Type.Null()]),
    accountHolder: Type.String(),
    iban: Type.String({ description: "The account it is paid to, as it was when requested" }),
    bic: Type.String(),
    createdAt: Instant,
    settledAt: Type.Union([Instant, Type.Null()]),
    batchId: Type.Union([Type.String(), Type.Null()]),
    contractor: Type.Optional(
      Type.Object(
        { id: Type.String(), name: Type.String(), email: Type.String() },
        { description: "Finance's reads only" },
      ),
    ),
  },
  { $id: "Withdrawal" },
);
export type Withdrawal = Static<typeof WithdrawalSchema>;
export const WithdrawalPageSchema = PageSchema(WithdrawalSchema);
export type WithdrawalPage = Static<typeof WithdrawalPageSchema>;

export const PAYOUT_BATCH_STATUSES = ["built", "sent", "settled"] as const;
export type PayoutBatchStatus = (typeof PAYOUT_BATCH_STATUSES)[number];

/** Finance's batch of withdrawals in one currency, sent to the bank as one file; `settled` once every item is paid or failed. */
export const PayoutBatchSchema = Type.Object(
  {
    id: Type.String(),
    number: Type.String(),
    currency: Type.String(),
    status: Type.Union(PAYOUT_BATCH_STATUSES.map((s) => Type.Literal(s))),
    items: Type.Array(WithdrawalSchema),
    count: Type.Integer({ minimum: 0 }),
    total: Amount(),
    createdAt: Instant,
    sentAt: Type.Union([Instant, Type.Null()]),
    settledAt: Type.Union([Instant, Type.Null()]),
  },
  { $id: "PayoutBatch" },
);
export type PayoutBatch = Static<typeof PayoutBatchSchema>;
export const PayoutBatchPageSchema = PageSchema(PayoutBatchSchema);
export type PayoutBatchPage = Static<typeof PayoutBatchPageSchema>;

/** What finance can put in a batch: the requested withdrawals of each currency. */
export const PayoutQueueSchema = Type.Object(
  {
    items: Type.Array(
      Type.Object({ currency: Type.String(), count: Type.Integer({ minimum: 0 }), total: Amount() }),
    ),
  },
  { $id: "PayoutQueue" },
);
export type PayoutQueue = Static<typeof PayoutQueueSchema>;
