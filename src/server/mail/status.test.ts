import { describe, expect, it } from "vitest";
import { queueTestEmail } from "../../../test/support/mail.ts";
import { setUpTestApp } from "../../../test/support/test-app.ts";
import { readMailDelivery } from "./status.ts";

const t = setUpTestApp();

const queue = async (recipient: string) => (await queueTestEmail(t, recipient)).id;

describe("mail delivery status", () => {
  it("is queued, then sent once the SMTP server accepted it", async () => {
    const id = await queue("ok@example.com");
    expect(await readMailDelivery(t.context.database.db, id)).toMatchObject({
      status: "queued",
      reason: null,
    });
    await t.deliverMail();
    await t.smtp.waitFor((m) => m.to.includes("ok@example.com"));
    const delivery = await readMailDelivery(t.context.database.db, id);
    expect(delivery).toMatchObject({ status: "sent", reason: null });
    expect(Date.parse(delivery?.at ?? "")).not.toBeNaN();
  });

  it("stays queued without a reason after a temporary refusal, and fails for good with the server's answer on 5xx", async () => {
    t.smtp.setMode("reject-temporary");
    const later = await queue("later@example.com");
    await t.deliverMail();
    expect(await readMailDelivery(t.context.database.db, later)).toMatchObject({
      status: "queued",
      reason: null,
    });
    t.smtp.setMode("reject-permanent");
    const never = await queue("never@example.com");
    await t.deliverMail();
    expect(await readMailDelivery(t.context.database.db, never)).toMatchObject({
      status: "failed",
      reason: expect.stringContaining("550"),
    });
    t.smtp.setMode("accept");
  });

  it("is null for an unknown id", async () => {
    expect(await readMailDelivery(t.context.database.db, "00000000-0000-7000-8000-000000000000")).toBeNull();
  });
});
