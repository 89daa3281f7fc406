import { type EmailList, MAX_INVITES_PER_SUBMISSION } from "./email-list.ts";
import { formatCount } from "./format.ts";

/** The longest welcome message an invitation carries: the Add dialog counts to it, the server keeps no more. */
export const MAX_WELCOME_MESSAGE_LENGTH = 1000;

/** Said beside the addresses field when a submission holds nothing at all, valid or not. */
export const NO_ADDRESS_MESSAGE = "Enter at least one email address.";

/** Said beside the addresses field when a submission holds more entries than one may (the parser stops there). */
export const TOO_MANY_ADDRESSES_MESSAGE = `At most ${formatCount(MAX_INVITES_PER_SUBMISSION, "en-US")} entries per submission; this one holds more. Split the list.`;

/** A pasted list with nothing to answer for: no address and no invalid entry either. */
export function isEmptyEmailList(list: EmailList): boolean {
  return list.addresses.length === 0 && list.invalid.length === 0;
}
