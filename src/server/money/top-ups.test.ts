import { execFile } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { buildCompany, buildTeam, buildUser, signedInClient } from "../../../test/support/factories.ts";
import { tokenIn } from "../../../test/support/mail.ts";
import { balanceOf } from "../../../test/support/money.ts";
import { setUpTestApp } from "../../../test/support/test-app.ts";
import { uniqueEmail } from "../../../test/support/unique.ts";
import { checkLedger } from "./check-ledger.ts";

const t = setUpTestApp({ PAYMENTS: "prepaid", OPERATOR_NAME: "Crewdesk Payments OÜ" });
const run = promisify(execFile);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run("npm", ["run", "-s", "cli", "--", ...args], {
      cwd: repoRoot,
      env: { ...process.env, DATABASE_URL: t.context.database.url, APP_URL: t.context.config.appUrl },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

async function financeClient() {
  const user = await buildUser(t.context.database.db);
  await t.context.database.db
    .updateTable("users")
    .set({ platform_role: "finance" })
    .where("id", "=", user.id)
    .execute();
  return signedInClient(t, user);
}

describe("top-ups", () => {
  it("gives the owner a numbered top-up with a payment reference and its proforma invoice as a PDF", async () => {
    const team = await buildTeam(t);
    const cid = team.company.id;
    const asked = await team.owner.post(`/api/companies/${cid}/top-ups`, {
      amount: "1500.00",
      currency: "EUR",
    });
    expect(asked.status).toBe(201);
    expect(asked.json).toMatchObject({
      amount: "1500.00",
      currency: "EUR",
      status: "awaiting_payment",
      receivedAmount: null,
    });
    expect(asked.json.number).toMatch(/^PF-\d{4}-\d{6}$/);
    expect(asked.json.paymentReference).toMatch(/^CD-[A-Z2-9]{5}-[A-Z2-9]{5}$/);
    const pdf = await team.owner.request({
      method: "GET",
      url: `/api/companies/${cid}/top-ups/${asked.json.id}/proforma.pdf`,
    });
    expect(pdf.status).toBe(200);
    expect(pdf.headers["content-type"]).toBe("application/pdf");
    expect(pdf.body.startsWith("%PDF-")).toBe(true);
    const list = await team.owner.get(`/api/companies/${cid}/top-ups`);
    expect(list.json.items.map((u: { id: string }) => u.id)).toEqual([asked.json.id]);
  });

  it("names the wrong field of a top-up: an amount in more decimals than the currency has, or no currency", async () => {
    const team = await buildTeam(t);
    const url = `/api/companies/${team.company.id}/top-ups`;
    const yen = await team.owner.post(url, { amount: "10.5", currency: "JPY" });
    expect(yen.status).toBe(400);
    expect(yen.json.errors).toEqual([{ field: "amount", message: "amount must be a whole number in JPY" }]);
    const code = await team.owner.post(url, { amount: "10", currency: "XYZ" });
    expect(code.json.errors[0].field).toBe("currency");
  });

  it("lets finance find a top-up by its reference and record it once: the balance grows, the owner is told", async () => {
    const team = await buildTeam(t);
    const cid = team.company.id;
    const asked = await team.owner.post(`/api/companies/${cid}/top-ups`, {
      amount: "100.00",
      currency: "USD",
    });
    const finance = await financeClient();
    const typed = asked.json.paymentReference.toLowerCase().replace(/-/g, " ");
    const found = await finance.get(`/api/finance/top-ups?q=${encodeURIComponent(typed)}`);
    expect(found.json.items.map((u: { id: string }) => u.id)).toEqual([asked.json.id]);
    expect(found.json.items[0].company).toEqual({ id: cid, name: team.company.name });

    const [first, second] = await Promise.all([
      finance.post(`/api/finance/top-ups/${asked.json.id}/receive`, { amount: "99.50" }),
      finance.post(`/api/finance/top-ups/${asked.json.id}/receive`, { amount: "99.50" }),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    expect(await balanceOf(t, cid)).toEqual({ available: 9_950, reserved: 0 });
    const again = await finance.post(`/api/finance/top-ups/${asked.json.id}/receive`, {});
    expect(again.status).toBe(409);
    expect(await balanceOf(t, cid)).toEqual({ available: 9_950, reserved: 0 });
    expect(await checkLedger(t.context.database.db)).toEqual([]);

    await t.deliverMail();
    const mail = await t.smtp.waitFor((m) => m.to.includes(team.company.owner.email));
    expect(mail.subject).toBe(`99.50 USD added to ${team.company.name}'s balance`);
  });

  it("keeps the finance console from everyone else: a visitor 401, a company owner 404", async () => {
    const team = await buildTeam(t);
    expect((await t.client().get("/api/finance/top-ups")).status).toBe(401);
    expect((await team.owner.get("/api/finance/top-ups")).status).toBe(404);
    expect((await team.contractor.client.post("/api/finance/top-ups/x/receive", {})).status).toBe(404);
  });

  it("lets an owner mark their own top-up received as test funds outside production", async () => {
    const team = await buildTeam(t);
    const cid = team.company.id;
    const asked = await team.owner.post(`/api/companies/${cid}/top-ups`, {
      amount: "20.00",
      currency: "USD",
    });
    const marked = await team.owner.post(`/api/companies/${cid}/top-ups/${asked.json.id}/test-funds`, {});
    expect(marked.status).toBe(200);
    expect(marked.json).toMatchObject({ status: "received", testFunds: true, receivedAmount: "20.00" });
    expect((await balanceOf(t, cid)).available).toBe(2_000);
  });

  it("cancels a top-up only while it awaits payment", async () => {
    const team = await buildTeam(t);
    const cid = team.company.id;
    const asked = await team.owner.post(`/api/companies/${cid}/top-ups`, {
      amount: "20.00",
      currency: "USD",
    });
    expect((await team.owner.delete(`/api/companies/${cid}/top-ups/${asked.json.id}`)).status).toBe(204);
    const late = await team.owner.post(`/api/companies/${cid}/top-ups/${asked.json.id}/test-funds`, {});
    expect(late.status).toBe(409);
    expect((await balanceOf(t, cid)).available).toBe(0);
  });
});

describe("operator commands", () => {
  it("create-platform-user --role finance emails a set-password link; the account reads the finance console", async () => {
    const email = uniqueEmail("fin");
    const result = await cli("create-platform-user", email, "--role", "finance");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("as finance staff");
    await t.deliverMail();
    const mail = await t.smtp.waitFor((m) => m.to.includes(email.toLowerCase()));
    expect(mail.subject).toBe("You are Crewdesk finance staff");
    const browser = t.client();
    const set = await browser.post("/api/auth/set-password", {
      token: tokenIn(mail, "/set-password"),
      password: "a long and unusual passphrase 42",
    });
    expect(set.json.platformRole).toBe("finance");
    expect((await browser.get("/api/finance/top-ups")).status).toBe(200);
  });

  it("ledger-check passes on consistent books and exits non-zero naming a breach", async () => {
    const ok = await cli("ledger-check");
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain("The ledger is consistent");
    const { id } = await buildCompany(t.context.database.db);
    const account = `company:${id}:available:USD`;
    await sql`insert into ledger_accounts (id, currency, owner_kind, owner_id, purpose, balance, created_at)
      values (${account}, 'USD', 'company', ${id}, 'available', 5, ${new Date().toISOString()})`.execute(
      t.context.database.db,
    );
    const broken = await cli("ledger-check");
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain(`${account} holds 5 but its transfers add up to 0`);
    await sql`update ledger_accounts set balance = 0 where id = ${account}`.execute(t.context.database.db);
  });
});
