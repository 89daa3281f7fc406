import { appLink, renderEmail } from "../mail/layout.ts";
import type { EmailMessage } from "../mail/outbox.ts";

export const WEBHOOK_TEMPLATE = { disabled: "webhook-disabled" } as const;

/** To the company's owners: a webhook failed too often in a row and was turned off. */
export function webhookDisabledEmail(input: {
  appUrl: string;
  companyId: string;
  companyName: string;
  url: string;
  failures: number;
  lastError: string;
}): EmailMessage {
  const content = renderEmail({
    subject: `A webhook of ${input.companyName} was turned off`,
    heading: "A webhook was turned off",
    blocks: [
      {
        kind: "paragraph",
        text: `Deliveries to ${input.url} failed ${input.failures} times in a row, so we stopped sending to it.`,
      },
      { kind: "paragraph", text: `The last attempt: ${input.lastError}` },
      {
        kind: "paragraph",
        text: "Fix the receiver, then turn the webhook on again; you can send the failed deliveries again from its log.",
      },
      {
        kind: "action",
        label: "Open the webhooks",
        url: appLink(input.appUrl, `/companies/${input.companyId}/webhooks`),
      },
    ],
  });
  return { template: WEBHOOK_TEMPLATE.disabled, ...content };
}
