import { TWO_STEP_REQUIRED_PROBLEM } from "../../common/account.ts";
import { HttpProblem } from "../http/problem.ts";

/** What the demand reads: the company's name and rule, and the member's confirmed second step, if any. */
export interface TwoStepFacts {
  name: string;
  two_step_required: number;
  holder: string | null;
}

/**
 * A company that requires two-step sign-in (`companies.two_step_required`) is closed to a member who has not
 * turned it on: 403 with its own problem type, which the web app answers by leading them to the Account page.
 * `requireCompanyActor` reads these facts in the same query as the membership.
 */
export function checkTwoStepDemand(facts: TwoStepFacts): void {
  if (Number(facts.two_step_required) !== 1 || facts.holder) return;
  throw new HttpProblem(
    403,
    `${facts.name} requires two-step sign-in of its members. Set it up on the Account page (Account, then Two-step sign-in) to open the company's pages again.`,
    { type: TWO_STEP_REQUIRED_PROBLEM },
  );
}
