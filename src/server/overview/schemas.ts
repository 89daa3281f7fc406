import { Type } from "@sinclair/typebox";

// The requests of the overview route; the object it answers with is in src/common/wire/overview.ts.

const Id = Type.String({ maxLength: 64 });

export const CompanyParams = Type.Object({ cid: Id });

export const OverviewQuery = Type.Object({
  today: Type.Optional(
    Type.String({
      format: "date",
      description:
        "The reader's calendar date (YYYY-MM-DD), which decides what is overdue; today in UTC when left out",
    }),
  ),
});
