import { describe, expect, it } from "vitest";
import { buildTeam, buildUser, signedInClient, taskIn } from "../../../test/support/factories.ts";
import { fundCompany } from "../../../test/support/money.ts";
import { download, pdfText } from "../../../test/support/pdf.ts";
import { setUpTestApp } from "../../../test/support/test-app.ts";
import { transact } from "../kernel/transaction.ts";
import { bankAccount, companyAccount, contractorAccount } from "../money/accounts.ts";
import { postTransfers, type TransferLeg } from "../money/ledger.ts";
import { documentCommands } from "./commands.ts";
import { issueActs } from "./issue-acts.ts";
import { statementOf } from "./statement-data.ts";
import { issueDueActs, runDueStatementJobs } from "./worker.ts";

const t = setUpTestApp({ PAYMENTS: "prepaid", PLATFORM_FEE_PERCENT: "2.5" });

async function paidTask(team: Awaited<ReturnType<typeof buildTeam>>, amount = "200.00"): Promise<string> {
  await fundCompany(t, team.company, "1000.00");
  const id = await taskIn(team, "in_review", { amount });
  const accepted = await team.owner.post(`/api/companies/${team.company.id}/tasks/${id}/accept`, {});
  expect(accepted.status).toBe(200);
  return id;
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

describe("acts of acceptance", () => {
  it("issues one act for each side when a task is paid, off the request, and never a second one", async () => {
    const team = await buildTeam(t);
    const cid = team.company.id;
    const id = await paidTask(team);
    // The payment's request queued the job; nothing was rendered inside it.
    expect((await team.owner.get(`/api/companies/${cid}/documents`)).json.items).toEqual([]);
    await issueDueActs(t.context);
    await issueDueActs(t.context);
    expect(await transact(t.context, (tx) => issueActs(tx, id))).toBe(0);

    const company = await team.owner.get(`/api/companies/${cid}/documents`);
    expect(company.json.items).toEqual([
      expect.objectContaining({
        kind: "act",
        taskId: id,
        number: expect.stringMatching(/^ACT-\d{4}-\d{6}$/),
      }),
    ]);
    const mine = await team.contractor.client.get("/api/me/documents?kind=act");
    expect(mine.json.items).toEqual([expect.objectContaining({ kind: "act", taskId: id })]);
    expect(mine.json.items[0].number).not.toBe(company.json.items[0].number);
    const rows = await t.context.database.db
      .selectFrom("documents")
      .select("id")
      .where("task_id", "=", id)
      .execute();
    expect(rows).toHaveLength(2);

    const pdf = await download(
      t,
      team.owner,
      `/api/companies/${cid}/documents/${company.json.items[0].id}.pdf`,
    );
    expect(pdf.status).toBe(200);
    expect(pdf.type).toContain("application/pdf");
    const text = await pdfText(pdf.bytes);
    expect(text).toContain(company.json.items[0].number);
    expect(text).toContain("200.00 USD");
    expect(text).toContain("Platform fee: 5.00 USD");
    const audit = await t.context.database.db
      .selectFrom("audit_entries")
      .select(["action", "summary"])
      .where("company_id", "=", cid)
      .where("action", "=", "document.issued")
      .execute();
    expect(audit).toEqual([
      expect.objectContaining({ summary: expect.stringContaining(company.json.items[0].number) }),
    ]);
  });

  it("queues the acts of tasks paid before documents existed with issue-missing-acts", async () => {
    const team = await buildTeam(t);
    const id = await paidTask(team);
    await t.context.database.db.deleteFrom("jobs").where("payload", "like", `%${id}%`).execute();
    const said = await documentCommands["issue-missing-acts"]?.run([], t.context);
    expect(said).toMatch(/^\d+ paid task\(s\) without acts/);
    await issueDueActs(t.context);
    const acts = await t.context.database.db
      .selectFrom("documents")
      .select("side")
      .where("task_id", "=", id)
      .execute();
    expect(acts.map((a) => a.side).sort()).toEqual(["company", "contractor"]);
  });

  it("prints Cyrillic and Greek names as written, read back from the PDF's text", async () => {
    const team = await buildTeam(t);
    const { db } = t.context.database;
    await db
      .updateTable("users")
      .set({ name: "Иван Петров" })
      .where("id", "=", team.contractor.user.id)
      .execute();
    await db
      .updateTable("companies")
      .set({ name: "ООО «Ромашка» Ωμέγα" })
      .where("id", "=", team.company.id)
      .execute();
    await paidTask(team);
    await issueDueActs(t.context);
    const [act] = (await team.contractor.client.get("/api/me/documents")).json.items;
    const pdf = await download(t, team.contractor.client, `/api/me/documents/${act.id}.pdf`);
    const text = await pdfText(pdf.bytes);
    expect(text).toContain("Иван Петров");
    expect(text).toContain("ООО «Ромашка» Ωμέγα");
  });

  it("prints the proforma invoice of a top-up in the same font: a Cyrillic company name reads back", async () => {
    const team = await buildTeam(t);
    await t.context.database.db
      .updateTable("companies")
      .set({ name: "АО «Северный ветер»" })
      .where("id", "=", team.company.id)
      .execute();
    const cid = team.company.id;
    const topUp = await team.owner.post(`/api/companies/${cid}/top-ups`, {
      amount: "10.00",
      currency: "EUR",
    });
    const pdf = await download(t, team.owner, `/api/companies/${cid}/top-ups/${topUp.json.id}/proforma.pdf`);
    expect(await pdfText(pdf.bytes)).toContain("АО «Северный ветер»");
  });

  it("answers 404 for another company's documents and for the other side's", async () => {
    const team = await buildTeam(t);
    const other = await buildTeam(t);
    await paidTask(team);
    await issueDueActs(t.context);
    const [act] = (await team.owner.get(`/api/companies/${team.company.id}/documents`)).json.items;
    const [contractorAct] = (await team.contractor.client.get("/api/me/documents")).json.items;

    expect((await other.owner.get(`/api/companies/${team.company.id}/documents`)).status).toBe(404);
    const cross = await download(t, other.owner, `/api/companies/${team.company.id}/documents/${act.id}.pdf`);
    expect(cross.status).toBe(404);
    const ownPath = await download(
      t,
      other.owner,
      `/api/companies/${other.company.id}/documents/${act.id}.pdf`,
    );
    expect(ownPath.status).toBe(404);
    // The company cannot read the contractor's copy, nor the contractor the company's.
    const theirs = await download(
      t,
      team.owner,
      `/api/companies/${team.company.id}/documents/${contractorAct.id}.pdf`,
    );
    expect(theirs.status).toBe(404);
    expect((await download(t, team.contractor.client, `/api/me/documents/${act.id}.pdf`)).status).toBe(404);
    expect(
      (await download(t, other.contractor.client, `/api/me/documents/${contractorAct.id}.pdf`)).status,
    ).toBe(404);
    expect((await download(t, t.client(), `/api/me/documents/${contractorAct.id}.pdf`)).status).toBe(401);
  });

  it("numbers acts per year without a gap or a repeat when many are issued at once", async () => {
    const team = await buildTeam(t);
    await fundCompany(t, team.company, "5000.00");
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) {
      const id = await taskIn(team, "in_review", { amount: "10.00" });
      await team.owner.post(`/api/companies/${team.company.id}/tasks/${id}/accept`, {});
      ids.push(id);
    }
    await Promise.all(ids.map((id) => transact(t.context, (tx) => issueActs(tx, id))));
    const numbers = (
      await t.context.database.db.selectFrom("documents").select("number").where("kind", "=", "act").execute()
    ).map((r) => r.number);
    const year = new Date().getUTCFullYear();
    const sequence = numbers.map((n) => Number(n.replace(`ACT-${year}-`, ""))).sort((a, b) => a - b);
    expect(sequence).toEqual(Array.from({ length: sequence.length }, (_, i) => i + 1));
    expect(sequence.length).toBeGreaterThanOrEqual(16);
  });
});

describe("the contract", () => {
  it("documents the documents' routes in /api/docs", async () => {
    const res = await t.client().get("/api/docs/json");
    expect(res.status).toBe(200);
    expect(Object.keys(res.json.paths)).toEqual(
      expect.arrayContaining([
        "/api/companies/{cid}/documents",
        "/api/companies/{cid}/documents/{id}.pdf",
        "/api/me/documents",
        "/api/me/documents/{id}.pdf",
        "/api/finance/statement-runs",
      ]),
    );
  });
});

describe("monthly statements", () => {
  /** A company's and its contractor's money over October and November 2025, posted at those dates. */
  async function monthsOfMoney() {
    const team = await buildTeam(t);
    const cid = team.company.id;
    const uid = team.contractor.user.id;
    const ref = { type: "task" as const, id: "t-statement", label: "Task #1: Кириллица" };
    const post = (at: string, legs: Array<Omit<TransferLeg, "reference">>) =>
      transact(
        t.context,
        (tx) =>
          postTransfers(
            tx,
            legs.map((l) => ({ ...l, reference: ref })),
          ),
        new Date(at),
      );
    const available = companyAccount(cid, "available", "EUR");
    const reserved = companyAccount(cid, "reserved", "EUR");
    const earned = contractorAccount(uid, "available", "EUR");
    await post("2025-10-05T10:00:00Z", [
      { id: `${cid}:1`, kind: "top_up", amount: 100_000, debit: bankAccount("EUR"), credit: available },
    ]);
    await post("2025-11-02T10:00:00Z", [
      { id: `${cid}:2`, kind: "top_up", amount: 50_000, debit: bankAccount("EUR"), credit: available },
    ]);
    await post("2025-11-03T10:00:00Z", [
      { id: `${cid}:3`, kind: "reserve", amount: 20_000, debit: available, credit: reserved },
    ]);
    await post("2025-11-20T10:00:00Z", [
      { id: `${cid}:4`, kind: "payment", amount: 15_000, debit: reserved, credit: earned },
    ]);
    await post("2025-11-30T23:59:59Z", [
      { id: `${cid}:5`, kind: "release", amount: 5_000, debit: reserved, credit: available },
    ]);
    await post("2025-12-01T00:00:00Z", [
      { id: `${cid}:6`, kind: "reserve", amount: 1_000, debit: available, credit: reserved },
    ]);
    return { team, cid, uid };
  }

  it("opens with the balance the month began with, lists every transfer, and closes with the sum", async () => {
    const { cid, uid } = await monthsOfMoney();
    const [eur] = await statementOf(t.context.database.db, { side: "company", id: cid }, "2025-11");
    expect(eur?.currency).toBe("EUR");
    expect(eur?.accounts).toEqual([
      { account: "available", opening: 100_000, in: 55_000, out: 20_000, closing: 135_000 },
      { account: "reserved", opening: 0, in: 20_000, out: 20_000, closing: 0 },
    ]);
    expect(eur?.entries.map((e) => [e.kind, e.account, e.direction, e.amount])).toEqual([
      ["top_up", "available", "in", 50_000],
      ["reserve", "available", "out", 20_000],
      ["reserve", "reserved", "in", 20_000],
      ["payment", "reserved", "out", 15_000],
      ["release", "reserved", "out", 5_000],
      ["release", "available", "in", 5_000],
    ]);
    for (const a of eur?.accounts ?? []) expect(a.opening + a.in - a.out).toBe(a.closing);
    // The next month opens where this one closed.
    const [december] = await statementOf(t.context.database.db, { side: "company", id: cid }, "2025-12");
    expect(december?.accounts.map((a) => a.opening)).toEqual([135_000, 0]);
    const [earned] = await statementOf(t.context.database.db, { side: "contractor", id: uid }, "2025-11");
    expect(earned?.accounts).toEqual([
      { account: "available", opening: 0, in: 15_000, out: 0, closing: 15_000 },
    ]);
  });

  it("lets finance issue a closed month's statements in the background, once for each side, with progress", async () => {
    const { team, cid, uid } = await monthsOfMoney();
    const finance = await financeClient();
    expect((await team.owner.post("/api/finance/statement-runs", { period: "2025-11" })).status).toBe(404);
    const bad = await finance.post("/api/finance/statement-runs", { period: "2025-13" });
    expect(bad.status).toBe(400);
    expect(bad.json.errors).toEqual([expect.objectContaining({ field: "period" })]);
    const open = await finance.post("/api/finance/statement-runs", { period: "2999-01" });
    expect(open.json.errors[0].message).toContain("not over yet");

    const started = await finance.post("/api/finance/statement-runs", { period: "2025-11" });
    expect(started.status).toBe(202);
    expect(started.json).toMatchObject({ period: "2025-11", status: "running", issued: 0 });
    expect(started.json.total).toBeGreaterThanOrEqual(2);
    expect((await finance.post("/api/finance/statement-runs", { period: "2025-11" })).status).toBe(409);
    await runDueStatementJobs(t.context);
    const [run] = (await finance.get("/api/finance/statement-runs")).json.items;
    expect(run).toMatchObject({
      id: started.json.id,
      status: "done",
      issued: started.json.total,
      skipped: 0,
    });

    const [statement] = (await team.owner.get(`/api/companies/${cid}/documents?kind=statement&month=2025-11`))
      .json.items;
    expect(statement).toMatchObject({
      kind: "statement",
      period: "2025-11",
      number: expect.stringMatching(/^ST-/),
    });
    const text = await pdfText(
      (await download(t, team.owner, `/api/companies/${cid}/documents/${statement.id}.pdf`)).bytes,
    );
    expect(text).toContain("opening 1000.00 EUR");
    expect(text).toContain("closing 1350.00 EUR");
    expect(text).toContain("Кириллица");
    const mine = (await team.contractor.client.get("/api/me/documents?month=2025-11")).json.items;
    expect(mine).toEqual([expect.objectContaining({ kind: "statement", period: "2025-11" })]);
    expect(uid).toBeTruthy();

    // A second run of the month issues nothing again.
    const again = await finance.post("/api/finance/statement-runs", { period: "2025-11" });
    await runDueStatementJobs(t.context);
    const [second] = (await finance.get("/api/finance/statement-runs")).json.items;
    expect(second).toMatchObject({ id: again.json.id, status: "done", issued: 0, skipped: again.json.total });
    const operatorTrail = await t.context.database.db
      .selectFrom("audit_entries")
      .select("action")
      .where("company_id", "is", null)
      .where("subject_id", "=", started.json.id)
      .execute();
    expect(operatorTrail.map((e) => e.action).sort()).toEqual(["statements.issued", "statements.requested"]);
  });
});
