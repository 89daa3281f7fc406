import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedInCompany } from "../../../test/support/factories.ts";
import { invite } from "../../../test/support/invitations.ts";
import { setUpTestApp } from "../../../test/support/test-app.ts";
import { unique } from "../../../test/support/unique.ts";
import { startWebhookReceiver, type WebhookReceiver } from "../../../test/support/webhook-receiver.ts";
import { isRefusedAddress } from "./address-guard.ts";
import { deliverDueWebhooks } from "./delivery-worker.ts";

// No WEBHOOKS_ALLOW_PRIVATE: the production rule.
const t = setUpTestApp();
let receiver: WebhookReceiver;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await receiver.close();
});

describe("webhooks and internal addresses (SSRF)", () => {
  it.each([
    "http://127.0.0.1:8080/hook",
    "http://10.1.2.3/hook",
    "http://169.254.169.254/latest/meta-data",
    "http://[::1]/hook",
    "http://[::ffff:127.0.0.1]/hook",
    "http://[fe80::1]/hook",
    "http://192.168.0.10/hook",
    "http://0.0.0.0/hook",
    "http://localhost:3000/hook",
  ])("refuses to save %s, naming the url field", async (url) => {
    const { company, client } = await signedInCompany(t);
    const res = await client.post(`/api/companies/${company.id}/webhooks`, {
      url,
      events: ["contractor.invited"],
    });
    expect(res.status).toBe(400);
    expect(res.json.errors[0].field).toBe("url");
    expect((await client.get(`/api/companies/${company.id}/webhooks`)).json.items).toEqual([]);
  });

  it("refuses a URL that is no http(s) URL", async () => {
    const { company, client } = await signedInCompany(t);
    for (const url of ["ftp://example.com/x", "not a url", "https://user:pw@example.com/"]) {
      const res = await client.post(`/api/companies/${company.id}/webhooks`, {
        url,
        events: ["balance.changed"],
      });
      expect(res.status).toBe(400);
      expect(res.json.errors[0].field).toBe("url");
    }
  });

  it("judges addresses in IPv4 and IPv6, mapped ones by their IPv4 address", () => {
    for (const a of [
      "127.0.0.1",
      "10.0.0.1",
      "172.16.5.4",
      "169.254.169.254",
      "224.0.0.1",
      "::",
      "::1",
      "fd00::1",
      "ff02::1",
      "::ffff:10.0.0.1",
      "::ffff:7f00:1",
    ]) {
      expect(isRefusedAddress(a), a).toBe(true);
    }
    for (const a of ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946", "::ffff:93.184.216.34"]) {
      expect(isRefusedAddress(a), a).toBe(false);
    }
  });

  it("refuses to deliver to an internal address at delivery time too", async () => {
    const { company, client } = await signedInCompany(t);
    // Saved while allowed (or a DNS answer that changed since): the delivery is still refused.
    const iso = new Date().toISOString();
    await t.context.database.db
      .insertInto("webhook_endpoints")
      .values({
        id: `wh-${unique()}`,
        company_id: company.id,
        url: receiver.url,
        description: "",
        events: JSON.stringify(["contractor.invited"]),
        secret: "whsec_test",
        status: "active",
        consecutive_failures: 0,
        disabled_at: null,
        disabled_reason: null,
        created_by: company.owner.id,
        created_at: iso,
        updated_at: iso,
      })
      .execute();
    await invite(client, company.id, `${unique()}@example.com`);
    await deliverDueWebhooks(t.context);
    expect(receiver.received).toEqual([]);
    const [delivery] = await t.context.database.db
      .selectFrom("webhook_deliveries")
      .selectAll()
      .where("company_id", "=", company.id)
      .execute();
    expect(delivery).toMatchObject({ status: "queued", response_status: null });
    expect(delivery?.last_error).toContain("127.0.0.1");
  });
});
