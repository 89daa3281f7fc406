import { appLink, renderEmail } from "../mail/layout.ts";
import type { OutgoingEmail } from "../mail/outbox.ts";

export const MONEY_TEMPLATE = { topUpReceived: "top-up-received" } as const;

export interface TopUpReceivedInput {
  recipient: string;
  appUrl: string;
  companyId: string;
  companyName: string;
  number: string;
  received: string;
  currency: string;
  available: string;
  testFunds: boolean;
}

/** To the company's owners: the money of a top-up arrived and is available. */
export function topUpReceivedEmail(input: TopUpReceivedInput): OutgoingEmail {
  const content = renderEmail({
    subject: `${input.received} ${input.currency} added to ${input.companyName}'s balance`,
    heading: "Your top-up arrived",
    blocks: [
      {
        kind: "paragraph",
        text: input.testFunds
          ? `Test funds of ${input.received} ${input.currency} were added for top-up ${input.number}; they are not real money.`
          : `We received ${input.received} ${input.currency} for top-up ${input.number}.`,
      },
      {
        kind: "paragraph",
        text: `${input.companyName} now has ${input.available} ${input.currency} available for sending tasks.`,
      },
      {
        kind: "action",
        label: "Open the balance",
        url: appLink(input.appUrl, `/companies/${input.companyId}/balance`),
      },
    ],
  });
  return { recipient: input.recipient, template: MONEY_TEMPLATE.topUpReceived, ...content };
}
