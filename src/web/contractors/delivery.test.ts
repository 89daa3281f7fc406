import { describe, expect, it } from "vitest";
import type { Contractor } from "./contractors-api.ts";
import { deliveryAttention } from "./delivery.ts";

const now = new Date("2026-12-10T12:00:00Z");

function contractor(
  invitationEmail: Contractor["invitationEmail"],
  status: Contractor["status"] = "invited",
) {
  return {
    id: "c1",
    email: "nina@example.com",
    name: "Nina",
    status,
    invitedAt: "2026-12-10T11:00:00Z",
    activatedAt: null,
    invitationEmail,
  } satisfies Contractor;
}

describe("an invitation email's delivery, shown only when it needs attention", () => {
  it("says nothing about an email that was sent", () => {
    expect(
      deliveryAttention(contractor({ status: "sent", at: "2026-12-10T11:00:05Z", reason: null }), now),
    ).toBe(null);
  });

  it("shows a failure with the mail server's answer", () => {
    expect(
      deliveryAttention(
        contractor({ status: "failed", at: "2026-12-10T11:00:00Z", reason: "550 No such user" }),
        now,
      ),
    ).toEqual({ summary: "Invitation email failed", detail: "550 No such user" });
  });

  it("shows an email queued too long, not one queued a minute ago", () => {
    expect(
      deliveryAttention(contractor({ status: "queued", at: "2026-12-10T11:59:00Z", reason: null }), now),
    ).toBe(null);
    expect(
      deliveryAttention(
        contractor({ status: "queued", at: "2026-12-10T11:30:00Z", reason: "451 Try later" }),
        now,
      ),
    ).toEqual({ summary: "Invitation email still queued", detail: "451 Try later" });
  });

  it("says nothing once the contractor is no longer waiting for the email", () => {
    const failed = { status: "failed" as const, at: "2026-12-10T11:00:00Z", reason: "550" };
    expect(deliveryAttention(contractor(failed, "active"), now)).toBe(null);
    expect(deliveryAttention(contractor(failed, "removed"), now)).toBe(null);
  });
});
