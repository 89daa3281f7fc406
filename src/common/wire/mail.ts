import { type Static, Type } from "@sinclair/typebox";

/** Why a company's email waits: shown with it, and answered by confirming the owner's address. */
export const HELD_UNTIL_OWNER_CONFIRMS =
  "Held until the company's owner confirms their email address: it goes out as soon as they do.";

/**
 * An email's delivery as the app shows it: held (until the company's owner confirms their address), queued
 * (waiting or being retried), sent, or failed with the mail server's answer. `at`: when it was sent, or
 * else when it was queued.
 */
export const MailDeliverySchema = Type.Object({
  status: Type.Union([
    Type.Literal("held"),
    Type.Literal("queued"),
    Type.Literal("sent"),
    Type.Literal("failed"),
  ]),
  at: Type.Union([Type.String(), Type.Null()]),
  reason: Type.Union([Type.String(), Type.Null()], {
    description: "Why it is held, or why it failed; null otherwise",
  }),
});
export type MailDelivery = Static<typeof MailDeliverySchema>;

/** GET /api/companies/{cid}/held-emails: the company's emails waiting for its owner to confirm their address. */
export const HeldEmailsSchema = Type.Object({
  count: Type.Integer({ description: "Invitation and task emails held, not yet sent" }),
  reason: Type.Union([Type.String(), Type.Null()], { description: "Why they wait; null when none does" }),
});
export type HeldEmails = Static<typeof HeldEmailsSchema>;
