import { appLink, renderEmail } from "../mail/layout.ts";
import type { OutgoingEmail } from "../mail/outbox.ts";

export const PAYOUT_TEMPLATE = {
  detailsChanged: "payout-details-changed",
  payoutFailed: "payout-failed",
} as const;

/** To the contractor: their payout account was added or changed (a warning if it was not them). */
export function payoutDetailsChangedEmail(input: {
  recipient: string;
  appUrl: string;
  ibanEnd: string;
  first: boolean;
}): OutgoingEmail {
  const content = renderEmail({
    subject: input.first ? "Your payout account was added" : "Your payout account was changed",
    heading: input.first ? "Payout account added" : "Payout account changed",
    blocks: [
      {
        kind: "paragraph",
        text: `Withdrawals from now on are paid to the account ending in ${input.ibanEnd}.`,
      },
      {
        kind: "note",
        text: "If you did not make this change, change your password at once and write to support: someone may have your password.",
      },
      { kind: "action", label: "Open your earnings", url: appLink(input.appUrl, "/my/earnings") },
    ],
  });
  return { recipient: input.recipient, template: PAYOUT_TEMPLATE.detailsChanged, ...content };
}

/** To the contractor: the bank returned a payout; the money is available again. */
export function payoutFailedEmail(input: {
  recipient: string;
  appUrl: string;
  number: string;
  amount: string;
  currency: string;
  reason: string;
}): OutgoingEmail {
  const content = renderEmail({
    subject: `Withdrawal ${input.number} could not be paid`,
    heading: "Your withdrawal could not be paid",
    blocks: [
      {
        kind: "paragraph",
        text: `The bank could not pay ${input.amount} ${input.currency} of withdrawal ${input.number}. The money is back in your available earnings.`,
      },
      { kind: "quote", text: input.reason, author: "The bank's reason" },
      {
        kind: "paragraph",
        text: "Check your payout account, correct it if needed, and ask for the withdrawal again.",
      },
      { kind: "action", label: "Open your earnings", url: appLink(input.appUrl, "/my/earnings") },
    ],
  });
  return { recipient: input.recipient, template: PAYOUT_TEMPLATE.payoutFailed, ...content };
}
