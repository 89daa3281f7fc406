import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  buildMembership,
  buildTeam,
  buildUser,
  signedInClient,
  signedInCompany,
  taskIn,
} from "../../../test/support/factories.ts";
import { invite } from "../../../test/support/invitations.ts";
import { setUpTestApp } from "../../../test/support/test-app.ts";
import { unique } from "../../../test/support/unique.ts";
import { startWebhookReceiver, type WebhookReceiver } from "../../../test/support/webhook-receiver.ts";
import { inviteContractors } from "../contractors/invite-contractors.ts";
import { transact } from "../kernel/transaction.ts";
import { deliverDueWebhooks } from "./delivery-worker.ts";
import { verifySignature } from "./signature.ts";

const t = setUpTestApp({
  WEBHOOKS_ALLOW_PRIVATE: "1",
  WEBHOOKS_DISABLE_AFTER: "3",
  WEBHOOKS_MAX_ATTEMPTS: "5",
});
let receiver: WebhookReceiver;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await receiver.close();
});

type Client = Awaited<ReturnType<typeof signedInCompany>>["client"];

async function addWebhook(client: Client, cid: string, events: string[], url = receiver.url) {
  const res = await client.post(`/api/companies/${cid}/webhooks`, { url, events });
  expect(res.status).toBe(201);
  return res.json as { webhook: { id: string }; secret: string };
}

/** Runs the worker until nothing is due at `now`. */
async function deliverAll(now = new Date()): Promise<void> {
  while ((await deliverDueWebhooks(t.context, now)) > 0);
}

const hooksFor = (companyId: string) =>
  receiver.received.filter((r) => (JSON.parse(r.body) as { companyId: string }).companyId === companyId);

describe("webhooks", () => {
  it("delivers a signed contractor.invited event the receiver can verify, and logs the answer", async () => {
    const { company, client } = await signedInCompany(t);
    const { webhook, secret } = await addWebhook(client, company.id, ["contractor.invited"]);
    expect(secret).toMatch(/^whsec_/);
    const email = `${unique()}@example.com`;
    await invite(client, company.id, email);
    await deliverAll();

    const [hook] = hooksFor(company.id);
    expect(hook).toBeDefined();
    const signature = String(hook?.headers["crewdesk-signature"]);
    expect(verifySignature(secret, signature, hook?.body ?? "", Math.floor(Date.now() / 1000))).toBe(true);
    expect(verifySignature("whsec_wrong", signature, hook?.body ?? "", Math.floor(Date.now() / 1000))).toBe(
      false,
    );
    expect(hook?.headers["crewdesk-event"]).toBe("contractor.invited");
    expect(JSON.parse(hook?.body ?? "{}")).toMatchObject({
      type: "contractor.invited",
      companyId: company.id,
      data: { email },
    });

    const log = await client.get(`/api/companies/${company.id}/webhooks/${webhook.id}/deliveries`);
    expect(log.json.items[0]).toMatchObject({ status: "delivered", responseStatus: 200, attempts: 1 });
    // The secret is never shown again.
    const listed = await client.get(`/api/companies/${company.id}/webhooks`);
    expect(JSON.stringify(listed.json)).not.toContain(secret);
  });

  it("queues nothing for an event the webhook did not choose, nor for a change that rolled back", async () => {
    const { company, client } = await signedInCompany(t);
    const { webhook } = await addWebhook(client, company.id, ["task.status_changed"]);
    await invite(client, company.id, `${unique()}@example.com`);
    const actor = { companyId: company.id, userId: company.owner.id };
    await client.patch(`/api/companies/${company.id}/webhooks/${webhook.id}`, {
      events: ["contractor.invited"],
    });
    await expect(
      transact(t.context, async (tx) => {
        await inviteContractors(tx, actor, { entries: [{ email: `${unique()}@example.com`, name: null }] });
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    const log = await client.get(`/api/companies/${company.id}/webhooks/${webhook.id}/deliveries`);
    expect(log.json.items).toEqual([]);
  });

  it("tells of task status changes in order", async () => {
    const team = await buildTeam(t);
    await addWebhook(team.owner, team.company.id, ["task.status_changed"]);
    await taskIn(team, "in_progress");
    await deliverAll();
    const moves = hooksFor(team.company.id).map(
      (h) => JSON.parse(h.body).data as { from: string; to: string },
    );
    expect(moves.map((m) => `${m.from}→${m.to}`)).toEqual([
      "null→draft",
      "draft→offered",
      "offered→in_progress",
    ]);
  });

  it("retries a failed delivery with backoff until the receiver accepts it", async () => {
    const { company, client } = await signedInCompany(t);
    const { webhook } = await addWebhook(client, company.id, ["contractor.invited"]);
    receiver.answerWith(500);
    await invite(client, company.id, `${unique()}@example.com`);
    const start = new Date();
    await deliverAll(start);
    const logUrl = `/api/companies/${company.id}/webhooks/${webhook.id}/deliveries`;
    expect((await client.get(logUrl)).json.items[0]).toMatchObject({
      status: "queued",
      responseStatus: 500,
      attempts: 1,
    });
    // Not due again before its delay (30 s after the first attempt).
    await deliverAll(new Date(start.getTime() + 10_000));
    expect(hooksFor(company.id)).toHaveLength(1);
    await deliverAll(new Date(start.getTime() + 31_000));
    expect(hooksFor(company.id).map((h) => h.status)).toEqual([500, 200]);
    expect((await client.get(logUrl)).json.items[0]).toMatchObject({
      status: "delivered",
      responseStatus: 200,
      attempts: 2,
    });
    const hooks = hooksFor(company.id);
    expect(hooks[0]?.headers["crewdesk-delivery"]).toBe(hooks[1]?.headers["crewdesk-delivery"]);
  });

  it("turns a webhook off after repeated failures and emails the owners", async () => {
    const { company, client, owner } = await signedInCompany(t);
    const { webhook } = await addWebhook(client, company.id, ["contractor.invited"]);
    receiver.answerWith(503, 503, 503, 503, 503);
    await invite(client, company.id, [1, 2, 3, 4].map(() => `${unique()}@example.com`).join(", "));
    await deliverAll();
    const got = await client.get(`/api/companies/${company.id}/webhooks/${webhook.id}`);
    expect(got.json).toMatchObject({ status: "disabled", consecutiveFailures: 3 });
    expect(got.json.disabledReason).toContain("3 failed deliveries in a row");
    expect(hooksFor(company.id)).toHaveLength(3);
    const log = (await client.get(`/api/companies/${company.id}/webhooks/${webhook.id}/deliveries`)).json
      .items;
    // Three attempts answered 503; the fourth delivery was never tried: none of them is sent any more.
    expect(log.map((d: { status: string }) => d.status)).toEqual([
      "cancelled",
      "cancelled",
      "cancelled",
      "cancelled",
    ]);
    expect(log.filter((d: { responseStatus: number | null }) => d.responseStatus === 503)).toHaveLength(3);

    await t.deliverMail();
    const mail = await t.smtp.waitFor((m) => m.to.includes(owner.email) && m.subject.includes("webhook"));
    expect(mail.text).toContain(receiver.url);
    const audit = await client.get(`/api/companies/${company.id}/audit?action=webhook.disabled`);
    expect(audit.json.items[0]).toMatchObject({ door: "system", person: null });

    // Turned on again, a failed delivery can be sent again by hand.
    receiver.answerWith();
    const on = await client.patch(`/api/companies/${company.id}/webhooks/${webhook.id}`, { enabled: true });
    expect(on.json).toMatchObject({ status: "active", consecutiveFailures: 0 });
    const again = await client.post(
      `/api/companies/${company.id}/webhooks/${webhook.id}/deliveries/${log[0].id}/redeliver`,
    );
    expect(again.status).toBe(202);
    await deliverAll();
    const after = (await client.get(`/api/companies/${company.id}/webhooks/${webhook.id}/deliveries`)).json
      .items;
    expect(after[0]).toMatchObject({ status: "delivered", redeliveryOf: log[0].id, responseStatus: 200 });
  });

  it("answers 404 to another company's owner and to a manager", async () => {
    const { company, client } = await signedInCompany(t);
    const { webhook } = await addWebhook(client, company.id, ["balance.changed"]);
    const other = await signedInCompany(t);
    const manager = await buildUser(t.context.database.db);
    await buildMembership(t.context.database.db, company.id, manager);
    const managerClient = await signedInClient(t, manager);
    for (const c of [other.client, managerClient]) {
      expect((await c.get(`/api/companies/${company.id}/webhooks`)).status).toBe(404);
      expect(
        (
          await c.post(`/api/companies/${company.id}/webhooks`, {
            url: receiver.url,
            events: ["balance.changed"],
          })
        ).status,
      ).toBe(404);
      expect((await c.delete(`/api/companies/${company.id}/webhooks/${webhook.id}`)).status).toBe(404);
    }
    // Another company's webhook id under one's own company is 404 too.
    expect(
      (await other.client.get(`/api/companies/${other.company.id}/webhooks/${webhook.id}/deliveries`)).status,
    ).toBe(404);
  });
});
