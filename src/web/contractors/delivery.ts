import { formatDateTime } from "../../common/format.ts";
import type { Contractor } from "./contractors-api.ts";

/** An invitation email still queued after this long needs a look (the mail server may be refusing it). */
export const QUEUED_TOO_LONG_MS = 15 * 60 * 1000;

export interface DeliveryAttention {
  /** "Invitation email failed". */
  summary: string;
  /** What the mail server said, when it said something. */
  detail: string | null;
}

/**
 * The invitation email's delivery, when it needs the company's attention: it failed, or it has been queued
 * too long (the mail server keeps refusing it for now, or no worker sends). A delivered email, or a
 * contractor who is no longer waiting for one, needs none.
 */
export function deliveryAttention(contractor: Contractor, now: Date = new Date()): DeliveryAttention | null {
  const email = contractor.invitationEmail;
  if (!email || contractor.status !== "invited") return null;
  if (email.status === "failed") return { summary: "Invitation email failed", detail: email.reason };
  // Held until the company's owner confirms their address: the notice above the list has the button.
  if (email.status === "held") return { summary: "Invitation email held", detail: email.reason };
  if (email.status === "queued" && email.at && now.getTime() - Date.parse(email.at) > QUEUED_TOO_LONG_MS) {
    return { summary: "Invitation email still queued", detail: email.reason };
  }
  return null;
}

/** "Invitation email sent Dec 1, 2026, 3:50 AM", for the hover text of the invitation's date. */
export function deliveryNote(contractor: Contractor): string | null {
  const email = contractor.invitationEmail;
  if (!email) return null;
  if (email.status === "sent" && email.at) return `Invitation email sent ${formatDateTime(email.at)}`;
  if (email.status === "queued") return "Invitation email queued";
  return null;
}
