import { type Static, Type } from "@sinclair/typebox";

/**
 * An email's delivery as the app shows it: queued (waiting or being retried), sent, or failed with the
 * mail server's answer. `at`: when it was sent, or else when it was queued.
 */
export const MailDeliverySchema = Type.Object({
  status: Type.Union([Type.Literal("queued"), Type.Literal("sent"), Type.Literal("failed")]),
  at: Type.Union([Type.String(), Type.Null()]),
  reason: Type.Union([Type.String(), Type.Null()], { description: "Why it failed; null unless failed" }),
});
export type MailDelivery = Static<typeof MailDeliverySchema>;
