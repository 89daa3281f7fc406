import { describe, expect, it } from "vitest";
import { GOOD_PASSWORD } from "../../../test/support/factories.ts";
import { ACCOUNTS, addPayoutAccount, financeClient, paidTeam } from "../../../test/support/payouts.ts";
import { setUpTestApp } from "../../../test/support/test-app.ts";
import { checkLedger } from "../money/check-ledger.ts";

const t = setUpTestApp({ PAYMENTS: "prepaid", OPERATOR_NAME: "Crewdesk Payments OÜ" });

const auditOf = (subjectId: string) =>
  t.context.database.db
    .selectFrom("audit_entries")
    .select(["action", "door", "company_id", "actor_user_id"])
    .where("subject_id", "=", subjectId)
    .orderBy("id")
    .execute();

describe("payout details", () => {
  it("saves the payout account only with the current password, names the wrong field, and emails the contractor", async () => {
    const team = await paidTeam(t, "100.00");
    const me = team.contractor.client;
    expect((await me.get("/api/me/payout-details")).json).toEqual({ details: null });

    const body = { accountHolder: "Carla Contractor", ...ACCOUNTS.de, currentPassword: GOOD_PASSWORD };
    const wrong = await me.put("/api/me/payout-details", { ...body, currentPassword: "not my password" });
    expect(wrong.status).toBe(400);
    expect(wrong.json.errors[0].field).toBe("currentPassword");

    const typo = await me.put("/api/me/payout-details", { ...body, iban: "DE89 3704 0044 0532 0130 01" });
    expect(typo.status).toBe(400);
    expect(typo.json.errors).toEqual([
      { field: "iban", message: "The check digits do not match: look for a mistyped character." },
    ]);
    const short = await me.put("/api/me/payout-details", { ...body, iban: "DE89 3704 0044 0532 0130 0" });
    expect(short.json.errors[0]).toEqual({
      field: "iban",
      message: "An IBAN from DE has 22 characters; this one has 21.",
    });
    const elsewhere = await me.put("/api/me/payout-details", { ...body, bic: ACCOUNTS.nl.bic });
    expect(elsewhere.json.errors[0].field).toBe("bic");
    expect((await me.get("/api/me/payout-details")).json).toEqual({ details: null });

    const saved = await me.put("/api/me/payout-details", body);
    expect(saved.status).toBe(200);
    expect(saved.json).toMatchObject({
      accountHolder: "Carla Contractor",
      iban: "DE89370400440532013000",
      bic: "COBADEFFXXX",
    });
    expect((await me.get("/api/me/payout-details")).json.details.iban).toBe("DE89370400440532013000");
    await t.deliverMail();
    const mail = await t.smtp.waitFor(
      (m) => m.to.includes(team.contractor.user.email) && m.subject === "Your payout account was added",
    );
    expect(mail.text).toContain("ending in 3000");

    await me.put("/api/me/payout-details", { ...body, ...ACCOUNTS.fr });
    await t.deliverMail();
    await t.smtp.waitFor(
      (m) => m.to.includes(team.contractor.user.email) && m.subject === "Your payout account was changed",
    );
    expect((await auditOf(team.contractor.user.id)).map((e) => e.action)).toEqual([
      "payout_details.added",
      "payout_details.changed",
    ]);
  });
});

describe("withdrawals", () => {
  it("refuses more than is available (409) and leaves every balance as it was", async () => {
    const team = await paidTeam(t, "100.00");
    const me = team.contractor.client;
    const early = await me.post("/api/me/withdrawals", { amount: "10.00", currency: "EUR" });
    expect(early.status).toBe(409);
    expect(early.json.detail).toContain("payout account");
    await addPayoutAccount(me);
    const tooMuch = await me.post("/api/me/withdrawals", { amount: "100.01", currency: "EUR" });
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.json.detail).toBe("You have 100.00 EUR available: you cannot withdraw more than that.");
    const cents = await me.post("/api/me/withdrawals", { amount: "1.001", currency: "EUR" });
    expect(cents.status).toBe(400);
    expect(cents.json.errors[0].field).toBe("amount");
    expect((await me.get("/api/me/balances")).json.items).toEqual([
      { currency: "EUR", available: "100.00", withdrawing: "0.00" },
    ]);
    expect((await me.get("/api/me/withdrawals")).json.items).toEqual([]);

    // Two withdrawals at once against the same 100.00: one is taken, the other refused whole.
    const both = await Promise.all([
      me.post("/api/me/withdrawals", { amount: "60.00", currency: "EUR" }),
      me.post("/api/me/withdrawals", { amount: "60.00", currency: "EUR" }),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
    expect((await me.get("/api/me/balances")).json.items).toEqual([
      { currency: "EUR", available: "40.00", withdrawing: "60.00" },
    ]);
    expect((await me.get("/api/me/withdrawals")).json.items).toHaveLength(1);
    expect(await checkLedger(t.context.database.db)).toEqual([]);
  });

  it("moves the amount to withdrawing at once and back when cancelled while only requested", async () => {
    const team = await paidTeam(t, "100.00");
    const me = team.contractor.client;
    await addPayoutAccount(me);
    const asked = await me.post("/api/me/withdrawals", { amount: "60.00", currency: "EUR" });
    expect(asked.status).toBe(201);
    expect(asked.json).toMatchObject({
      amount: "60.00",
      currency: "EUR",
      status: "requested",
      iban: "DE89370400440532013000",
      reason: null,
    });
    expect(asked.json.number).toMatch(/^WD-\d{4}-\d{6}$/);
    expect((await me.get("/api/me/balances")).json.items).toEqual([
      { currency: "EUR", available: "40.00", withdrawing: "60.00" },
    ]);

    const cancelled = await me.delete(`/api/me/withdrawals/${asked.json.id}`);
    expect(cancelled.status).toBe(204);
    expect((await me.get("/api/me/balances")).json.items).toEqual([
      { currency: "EUR", available: "100.00", withdrawing: "0.00" },
    ]);
    expect((await me.delete(`/api/me/withdrawals/${asked.json.id}`)).status).toBe(409);
    expect((await me.get("/api/me/withdrawals")).json.items[0].status).toBe("cancelled");
    expect((await auditOf(asked.json.id)).map((e) => [e.action, e.door, e.company_id])).toEqual([
      ["withdrawal.requested", "web", null],
      ["withdrawal.cancelled", "web", null],
    ]);
    expect(await checkLedger(t.context.database.db)).toEqual([]);
  });

  it("hides one contractor's withdrawals from another and the payout console from all but finance", async () => {
    const team = await paidTeam(t, "50.00");
    await addPayoutAccount(team.contractor.client);
    const asked = await team.contractor.client.post("/api/me/withdrawals", {
      amount: "50.00",
      currency: "EUR",
    });
    const other = await paidTeam(t, "10.00");
    expect((await other.contractor.client.delete(`/api/me/withdrawals/${asked.json.id}`)).status).toBe(404);
    expect((await other.contractor.client.get("/api/me/withdrawals")).json.items).toEqual([]);

    expect((await t.client().get("/api/finance/payout-batches")).status).toBe(401);
    for (const client of [team.owner, team.contractor.client]) {
      expect((await client.get("/api/finance/withdrawals")).status).toBe(404);
      expect((await client.get("/api/finance/payout-batches")).status).toBe(404);
      expect((await client.post("/api/finance/payout-batches", { currency: "EUR" })).status).toBe(404);
      expect((await client.post(`/api/finance/withdrawals/${asked.json.id}/paid`, {})).status).toBe(404);
    }
    expect((await team.contractor.client.get("/api/me/withdrawals")).json.items[0].status).toBe("requested");
  });
});

describe("payout batches", () => {
  it("batches requested withdrawals, exports them, and settles a failed item back to the contractor and a paid one to the bank, once each", async () => {
    const finance = await financeClient(t);
    // Whatever earlier tests left requested goes into a batch of its own first.
    await finance.post("/api/finance/payout-batches", { currency: "EUR" });

    const team = await paidTeam(t, "300.00");
    const me = team.contractor.client;
    await addPayoutAccount(me, ACCOUNTS.fr, "Анна Иванова");
    const first = await me.post("/api/me/withdrawals", { amount: "120.50", currency: "EUR" });
    const second = await me.post("/api/me/withdrawals", { amount: "79.50", currency: "EUR" });

    const early = await finance.post(`/api/finance/withdrawals/${first.json.id}/paid`, {});
    expect(early.status).toBe(409);

    const listed = await finance.get("/api/finance/withdrawals?status=requested&currency=EUR");
    expect(listed.json.items.map((w: { id: string }) => w.id)).toEqual([first.json.id, second.json.id]);
    expect(listed.json.items[0].contractor.email).toBe(team.contractor.user.email);
    const queue = await finance.get("/api/finance/payout-queue");
    expect(queue.json.items).toContainEqual({ currency: "EUR", count: 2, total: "200.00" });

    const built = await finance.post("/api/finance/payout-batches", { currency: "EUR" });
    expect(built.status).toBe(201);
    expect(built.json).toMatchObject({ currency: "EUR", status: "built", count: 2, total: "200.00" });
    expect(built.json.number).toMatch(/^PB-\d{4}-\d{6}$/);
    const none = await finance.post("/api/finance/payout-batches", { currency: "EUR" });
    expect(none.status).toBe(409);
    expect((await me.delete(`/api/me/withdrawals/${first.json.id}`)).status).toBe(409);

    const xml = await finance.request({
      method: "GET",
      url: `/api/finance/payout-batches/${built.json.id}/pain.001.xml`,
    });
    expect(xml.status).toBe(200);
    expect(xml.headers["content-type"]).toContain("application/xml");
    expect(xml.body).toContain("<NbOfTxs>2</NbOfTxs>");
    const csv = await finance.request({
      method: "GET",
      url: `/api/finance/payout-batches/${built.json.id}/items.csv`,
    });
    expect(csv.body.split("\r\n")[1]).toBe(
      `"${built.json.number}","${first.json.number}","Анна Иванова","FR1420041010050500013M02606","PSSTFRPPXXX","120.50","EUR","Crewdesk withdrawal ${first.json.number}"`,
    );

    const notSent = await finance.post(`/api/finance/withdrawals/${first.json.id}/failed`, {
      reason: "Closed",
    });
    expect(notSent.status).toBe(409);
    const sent = await finance.post(`/api/finance/payout-batches/${built.json.id}/sent`, {});
    expect(sent.json.status).toBe("sent");
    expect((await finance.post(`/api/finance/payout-batches/${built.json.id}/sent`, {})).status).toBe(409);

    const noReason = await finance.post(`/api/finance/withdrawals/${first.json.id}/failed`, { reason: " " });
    expect(noReason.json.errors[0].field).toBe("reason");
    const [failed, failedAgain] = await Promise.all([
      finance.post(`/api/finance/withdrawals/${first.json.id}/failed`, { reason: "AC04 Account closed" }),
      finance.post(`/api/finance/withdrawals/${first.json.id}/failed`, { reason: "AC04 Account closed" }),
    ]);
    expect([failed.status, failedAgain.status]).toEqual([200, 200]);
    expect(failed.json).toMatchObject({ status: "failed", reason: "AC04 Account closed" });
    expect((await finance.post(`/api/finance/withdrawals/${first.json.id}/paid`, {})).status).toBe(409);
    expect((await me.get("/api/me/balances")).json.items).toEqual([
      { currency: "EUR", available: "220.50", withdrawing: "79.50" },
    ]);
    await t.deliverMail();
    const mail = await t.smtp.waitFor(
      (m) => m.to.includes(team.contractor.user.email) && m.subject.includes("could not be paid"),
    );
    expect(mail.text).toContain("AC04 Account closed");

    expect((await finance.post(`/api/finance/withdrawals/${second.json.id}/paid`, {})).status).toBe(200);
    expect((await finance.post(`/api/finance/withdrawals/${second.json.id}/paid`, {})).status).toBe(200);
    expect((await me.get("/api/me/balances")).json.items).toEqual([
      { currency: "EUR", available: "220.50", withdrawing: "0.00" },
    ]);
    const settled = await finance.get(`/api/finance/payout-batches/${built.json.id}`);
    expect(settled.json.status).toBe("settled");
    expect(settled.json.items.map((w: { status: string }) => w.status)).toEqual(["failed", "paid"]);

    const transfers = await t.context.database.db
      .selectFrom("ledger_transfers")
      .select(["id", "kind"])
      .where("reference_id", "in", [first.json.id, second.json.id])
      .orderBy("id")
      .execute();
    expect(transfers.map((r) => r.id).sort()).toEqual(
      [
        `payout:${second.json.id}`,
        `payout_failed:${first.json.id}`,
        `withdrawal:${first.json.id}`,
        `withdrawal:${second.json.id}`,
      ].sort(),
    );
    expect(await checkLedger(t.context.database.db)).toEqual([]);
    const trail = await auditOf(built.json.id);
    expect(trail.map((e) => [e.action, e.door, e.company_id])).toEqual([
      ["payout_batch.built", "finance", null],
      ["payout_batch.sent", "finance", null],
    ]);
    expect((await auditOf(first.json.id)).map((e) => e.action)).toEqual([
      "withdrawal.requested",
      "withdrawal.failed",
    ]);
    expect((await auditOf(second.json.id)).map((e) => e.action)).toEqual([
      "withdrawal.requested",
      "withdrawal.paid",
    ]);
  });

  it("exports a batch of another currency as CSV only", async () => {
    const finance = await financeClient(t);
    const team = await paidTeam(t, "40.00", "USD");
    await addPayoutAccount(team.contractor.client, ACCOUNTS.nl);
    await team.contractor.client.post("/api/me/withdrawals", { amount: "40.00", currency: "USD" });
    const built = await finance.post("/api/finance/payout-batches", { currency: "USD" });
    expect(built.status).toBe(201);
    const xml = await finance.get(`/api/finance/payout-batches/${built.json.id}/pain.001.xml`);
    expect(xml.status).toBe(409);
    const csv = await finance.request({
      method: "GET",
      url: `/api/finance/payout-batches/${built.json.id}/items.csv`,
    });
    expect(csv.status).toBe(200);
    expect(csv.body).toContain('"40.00","USD"');
  });
});
