import { type Static, Type } from "@sinclair/typebox";
import { WEBHOOK_EVENT_TYPES } from "../webhooks.ts";
import { PageSchema } from "./page.ts";

const EventType = Type.Union(WEBHOOK_EVENT_TYPES.map((e) => Type.Literal(e)));

/** A company's webhook, as its owners see it (never its secret but once, on creation). */
export const WebhookSchema = Type.Object(
  {
    id: Type.String(),
    url: Type.String(),
    description: Type.String(),
    events: Type.Array(EventType),
    status: Type.Union([Type.Literal("active"), Type.Literal("disabled")]),
    consecutiveFailures: Type.Integer({ minimum: 0 }),
    disabledAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
    disabledReason: Type.Union([Type.String(), Type.Null()]),
    createdAt: Type.String({ format: "date-time" }),
  },
  { $id: "Webhook" },
);
export type Webhook = Static<typeof WebhookSchema>;

/** The answer to a new webhook: the secret that signs its deliveries, shown this once. */
export const CreatedWebhookSchema = Type.Object(
  {
    webhook: WebhookSchema,
    secret: Type.String({
      description: "Keep it: it is never shown again. Verifies the crewdesk-signature header.",
    }),
  },
  { $id: "CreatedWebhook" },
);
export type CreatedWebhook = Static<typeof CreatedWebhookSchema>;

export const WEBHOOK_DELIVERY_STATUSES = ["queued", "sending", "delivered", "failed", "cancelled"] as const;

/** One delivery of an event to a webhook: the log line with the receiver's answer. */
export const WebhookDeliverySchema = Type.Object(
  {
    id: Type.String(),
    eventId: Type.String(),
    eventType: EventType,
    status: Type.Union(WEBHOOK_DELIVERY_STATUSES.map((s) => Type.Literal(s))),
    attempts: Type.Integer({ minimum: 0 }),
    responseStatus: Type.Union([Type.Integer(), Type.Null()]),
    error: Type.Union([Type.String(), Type.Null()]),
    durationMs: Type.Union([Type.Integer(), Type.Null()]),
    nextAttemptAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
    createdAt: Type.String({ format: "date-time" }),
    deliveredAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
    redeliveryOf: Type.Union([Type.String(), Type.Null()]),
    payload: Type.String({ description: "The exact body that was signed and sent" }),
  },
  { $id: "WebhookDelivery" },
);
export type WebhookDelivery = Static<typeof WebhookDeliverySchema>;
export const WebhookDeliveryPageSchema = PageSchema(WebhookDeliverySchema);
export type WebhookDeliveryPage = Static<typeof WebhookDeliveryPageSchema>;

export const WebhookBodySchema = Type.Object(
  {
    url: Type.String({ minLength: 1, maxLength: 2000, description: "http(s) URL of a public host" }),
    events: Type.Array(EventType, { minItems: 1, uniqueItems: true }),
    description: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type WebhookBody = Static<typeof WebhookBodySchema>;

export const WebhookPatchSchema = Type.Object(
  {
    url: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
    events: Type.Optional(Type.Array(EventType, { minItems: 1, uniqueItems: true })),
    description: Type.Optional(Type.String({ maxLength: 200 })),
    enabled: Type.Optional(Type.Boolean({ description: "true turns a disabled webhook on again" })),
  },
  { additionalProperties: false },
);
export type WebhookPatch = Static<typeof WebhookPatchSchema>;
