import { Type } from "@sinclair/typebox";
import { TOP_UP_STATUSES, TRANSFER_KINDS } from "../../common/wire/money.ts";

const Id = Type.String({ minLength: 1, maxLength: 64 });
const Currency = Type.String({ minLength: 3, maxLength: 3, description: "ISO 4217" });
const DecimalAmount = Type.String({ maxLength: 40, description: 'A decimal string, e.g. "1234.50"' });

export const CompanyParams = Type.Object({ cid: Id });
export const CompanyTopUpParams = Type.Object({ cid: Id, id: Id });
export const TopUpParams = Type.Object({ id: Id });

export const TransferQuery = Type.Object({
  currency: Type.Optional(Currency),
  kind: Type.Optional(Type.Union(TRANSFER_KINDS.map((k) => Type.Literal(k)))),
  from: Type.Optional(Type.String({ format: "date", description: "From this day (UTC), inclusive" })),
  to: Type.Optional(Type.String({ format: "date", description: "To this day (UTC), inclusive" })),
  cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
});

export const TransferCsvQuery = Type.Omit(TransferQuery, ["cursor", "limit"]);

export const TopUpBody = Type.Object(
  { amount: DecimalAmount, currency: Currency },
  { additionalProperties: false },
);

export const ReceiveBody = Type.Object(
  { amount: Type.Optional(DecimalAmount) },
  { additionalProperties: false },
);

export const TopUpListQuery = Type.Object({
  cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
});

export const FinanceTopUpQuery = Type.Object({
  status: Type.Optional(Type.Union(TOP_UP_STATUSES.map((s) => Type.Literal(s)))),
  q: Type.Optional(
    Type.String({ maxLength: 200, description: "A payment reference, a top-up number or a company's name" }),
  ),
});

export const MoneySettingsSchema = Type.Object(
  {
    payments: Type.Union([Type.Literal("prepaid"), Type.Literal("off")]),
    feePercent: Type.String({ description: 'PLATFORM_FEE_PERCENT, e.g. "2.5"' }),
    testFunds: Type.Boolean({
      description: "An owner may mark their own top-up received (not in production)",
    }),
  },
  { $id: "MoneySettings" },
);
