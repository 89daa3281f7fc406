/**
 * Webhooks: the events a company may subscribe to, and the signature scheme (docs/webhooks.md).
 */
export const WEBHOOK_EVENT_TYPES = [
  "contractor.invited",
  "contractor.activated",
  "task.status_changed",
  "import.completed",
  "balance.changed",
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export const WEBHOOK_EVENT_LABELS: Record<WebhookEventType, string> = {
  "contractor.invited": "A contractor was invited",
  "contractor.activated": "A contractor became Active",
  "task.status_changed": "A task changed status",
  "import.completed": "An import was committed",
  "balance.changed": "The balance changed",
};

/** One event of a company, queued to its webhooks in the transaction of the change. */
export interface CompanyEvent {
  type: WebhookEventType;
  data: Record<string, unknown>;
}

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" keyed with the webhook's secret>` */
export const WEBHOOK_SIGNATURE_HEADER = "crewdesk-signature";
export const WEBHOOK_EVENT_HEADER = "crewdesk-event";
export const WEBHOOK_DELIVERY_HEADER = "crewdesk-delivery";

/** Webhooks of one company at most. */
export const MAX_WEBHOOKS_PER_COMPANY = 10;
export const MAX_WEBHOOK_URL_LENGTH = 2000;
