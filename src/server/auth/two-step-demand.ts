import type { Kysely } from "kysely";
import { TWO_STEP_REQUIRED_PROBLEM } from "../../common/account.ts";
import type { DB } from "../db/types.ts";
import { HttpProblem } from "../http/problem.ts";

/**
 * A company that requires two-step sign-in (`companies.two_step_required`) is closed to a member who has not
 * turned it on: 403 with its own problem type, which the web app answers by leading them to the Account page.
 * One query by primary keys; called by `requireCompanyActor` once the membership is known.
 */
export async function checkTwoStepDemand(db: Kysely<DB>, companyId: string, userId: string): Promise<void> {
  const row = await db
    .selectFrom("companies as c")
    .leftJoin("two_step_secrets as t", (join) =>
      join.on("t.user_id", "=", userId).on("t.confirmed_at", "is not", null),
    )
    .select(["c.name", "c.two_step_required", "t.user_id as holder"])
    .where("c.id", "=", companyId)
    .executeTakeFirst();
  if (!row || Number(row.two_step_required) !== 1 || row.holder) return;
  throw new HttpProblem(
    403,
    `${row.name} requires two-step sign-in of its members. Set it up on the Account page (Account, then Two-step sign-in) to open the company's pages again.`,
    { type: TWO_STEP_REQUIRED_PROBLEM },
  );
}
