import type { EmailList } from "../../common/email-list.ts";
import type { InviteResult } from "../../common/wire/contractors.ts";

/**
 * The answer of a bulk invitation, one result per entry in the order typed: invalid entries where they
 * were, with the parser's reason (e.g. two addresses glued together), and each address with its outcome.
 * `invited` holds one result per `list.addresses`, in their order (inviteContractors' answer).
 */
export function resultsInOrderTyped(list: EmailList, invited: InviteResult[]): InviteResult[] {
  let next = 0;
  return list.entries.map((entry): InviteResult => {
    if (entry.kind === "invalid") return { email: entry.input, outcome: "invalid", reason: entry.reason };
    const result = invited[next++];
    if (!result || result.email !== entry.email)
      throw new Error(`resultsInOrderTyped: no result for ${entry.email}`);
    return result;
  });
}
