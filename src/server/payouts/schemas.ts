import { Type } from "@sinclair/typebox";
import { WITHDRAWAL_STATUSES } from "../../common/wire/payouts.ts";

const Id = Type.String({ minLength: 1, maxLength: 64 });
const Currency = Type.String({ minLength: 3, maxLength: 3, description: "ISO 4217" });

export const IdParams = Type.Object({ id: Id });

export const PayoutDetailsBody = Type.Object(
  {
    accountHolder: Type.String({ maxLength: 200 }),
    iban: Type.String({ maxLength: 64, description: "Spaces are ignored" }),
    bic: Type.String({ maxLength: 32 }),
    currentPassword: Type.String({ maxLength: 1024 }),
  },
  { additionalProperties: false },
);

export const WithdrawalBody = Type.Object(
  {
    amount: Type.String({ maxLength: 40, description: 'A decimal string, e.g. "1234.50"' }),
    currency: Currency,
  },
  { additionalProperties: false },
);

export const CursorQuery = Type.Object({
  cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
});

export const FinanceWithdrawalQuery = Type.Object({
  status: Type.Optional(Type.Union(WITHDRAWAL_STATUSES.map((s) => Type.Literal(s)))),
  currency: Type.Optional(Currency),
  cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
});

export const BatchBody = Type.Object({ currency: Currency }, { additionalProperties: false });

export const FailedBody = Type.Object(
  { reason: Type.String({ maxLength: 1000, description: "The bank's reason, shown to the contractor" }) },
  { additionalProperties: false },
);
