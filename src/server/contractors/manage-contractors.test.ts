import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contractorOf, recordEvents, taskOf } from "../../../test/support/events.ts";
import {
  buildContractors,
  buildUser,
  signedInClient,
  signedInCompany,
} from "../../../test/support/factories.ts";
import { inviteOne } from "../../../test/support/invitations.ts";
import { tokenIn } from "../../../test/support/mail.ts";
import { rowOf } from "../../../test/support/rows.ts";
import { setUpTestApp, type TestResponse } from "../../../test/support/test-app.ts";
import { uniqueEmail } from "../../../test/support/unique.ts";
import { findLiveToken } from "../auth/auth-tokens.ts";
import { newId } from "../db/ids.ts";
import { SEARCH_WALK_THRESHOLD } from "./queries.ts";

const t = setUpTestApp();

const idsOf = (res: TestResponse): string[] => res.json.items.map((c: { id: string }) => c.id);

describe("the contractors list", () => {
  // Anna, Jörg (Active), Ирина, zed (Removed) and Bob, invited in this order.
  let base: string;
  let ids: string[];
  let get: (query: string) => Promise<TestResponse>;
  beforeAll(async () => {
    const { company, client } = await signedInCompany(t);
    ids = [];
    for (const line of [
      `Anna Smith <${uniqueEmail("anna")}>`,
      `Jörg Müller <${uniqueEmail("joerg")}>`,
      `"Доля, Ирина" <${uniqueEmail("irina")}>`,
      `${uniqueEmail("zed")}`,
      `Bob Smithers <${uniqueEmail("bob")}>`,
    ]) {
      ids.push(await inviteOne(client, company.id, line));
    }
    await t.context.database.db
      .updateTable("contractors")
      .set({ status: "active" })
      .where("id", "=", ids[1] ?? "")
      .execute();
    expect((await client.delete(`/api/companies/${company.id}/contractors/${ids[3]}`)).status).toBe(204);
    base = `/api/companies/${company.id}/contractors`;
    get = (query) => client.get(`${base}${query}`);
  });

  it("lists newest first and leaves Removed contractors out", async () => {
    const all = await get("");
    expect(all.status).toBe(200);
    expect(idsOf(all)).toEqual([ids[4], ids[2], ids[1], ids[0]]);
    expect(all.json.nextCursor).toBeNull();
  });

  it("pages newest first with the cursor of the page before", async () => {
    const page1 = await get("?limit=3");
    expect(page1.json.items).toHaveLength(3);
    const page2 = await get(`?limit=3&cursor=${page1.json.nextCursor}`);
    expect(idsOf(page2)).toEqual([ids[0]]);
    expect(page2.json.nextCursor).toBeNull();
  });

  it("filters by status, Removed included when asked for", async () => {
    expect(idsOf(await get("?status=removed"))).toEqual([ids[3]]);
    expect(idsOf(await get("?status=active"))).toEqual([ids[1]]);
  });

  it("finds the start of any word of the name, in any case and script, with the status filter", async () => {
    expect(idsOf(await get("?q=smi"))).toEqual([ids[4], ids[0]]);
    expect(idsOf(await get("?q=SMITH&status=invited"))).toEqual([ids[4], ids[0]]);
    expect(idsOf(await get(`?q=${encodeURIComponent("müll")}`))).toEqual([ids[1]]);
    expect(idsOf(await get(`?q=${encodeURIComponent("ири")}`))).toEqual([ids[2]]);
  });

  it("does not find the middle of a word", async () => {
    expect(idsOf(await get("?q=mith"))).toEqual([]);
  });

  it("needs every word typed to start a word of the name or email, in any order", async () => {
    expect(idsOf(await get(`?q=${encodeURIComponent("smith ann")}`))).toEqual([ids[0]]);
    expect(idsOf(await get(`?q=${encodeURIComponent("Bob  smi")}`))).toEqual([ids[4]]);
    expect(idsOf(await get(`?q=${encodeURIComponent("anna müller")}`))).toEqual([]);
  });

  it("searches Removed contractors only when asked for", async () => {
    expect(idsOf(await get("?q=zed"))).toEqual([]);
    expect(idsOf(await get("?q=zed&status=removed"))).toEqual([ids[3]]);
  });

  it("refuses a page over 100 and an unknown status with 400", async () => {
    expect((await get("?limit=101")).status).toBe(400);
    expect((await get("?status=gone")).status).toBe(400);
  });
});

describe("the contractors list's total", () => {
  it("counts the contractors matching the filters and the search with the first page (total=true)", async () => {
    const { company, client } = await signedInCompany(t);
    for (const line of [
      `Anna Smith <${uniqueEmail("anna")}>`,
      `Bob Smithers <${uniqueEmail("bob")}>`,
      uniqueEmail("zed"),
    ]) {
      await inviteOne(client, company.id, line);
    }
    const base = `/api/companies/${company.id}/contractors`;
    expect((await client.get(`${base}?total=true`)).json.total).toEqual({ count: 3, capped: false });
    expect((await client.get(`${base}?total=true&q=smi`)).json.total).toEqual({ count: 2, capped: false });
    expect((await client.get(`${base}?total=true&status=active`)).json.total).toEqual({
      count: 0,
      capped: false,
    });
    const first = await client.get(`${base}?total=true&limit=2`);
    expect(first.json.total).toEqual({ count: 3, capped: false });
    const second = await client.get(`${base}?total=true&limit=2&cursor=${first.json.nextCursor}`);
    expect(second.json).not.toHaveProperty("total");
    expect((await client.get(base)).json).not.toHaveProperty("total");
  });
});

describe("searching a large list", () => {
  type Seeded = { id: string; status: "invited" | "active" | "removed"; name: string };
  let seeded: Seeded[];
  let pages: (query: string) => Promise<string[]>;
  const expected = (match: (c: Seeded) => boolean) =>
    seeded
      .filter(match)
      .map((c) => c.id)
      .reverse();

  beforeAll(async () => {
    const { company, client } = await signedInCompany(t);
    const base = Date.now() - 10_000_000;
    seeded = [];
    for (let i = 0; i < SEARCH_WALK_THRESHOLD + 300; i++) {
      const status = i % 3 === 0 ? "active" : i % 10 === 1 ? "removed" : "invited";
      seeded.push({
        id: newId(base + i * 1000),
        status,
        name: i % 500 === 7 ? "Rare Rosalind" : `Common Person${i}`,
      });
    }
    await buildContractors(
      t.context.database.db,
      company.id,
      seeded.map((c, i) => ({ ...c, email: `bulk.${company.id.slice(-6)}.${i}@big.test` })),
    );
    pages = async (query) => {
      const found: string[] = [];
      let cursor: string | null = null;
      do {
        const res = await client.get(
          `/api/companies/${company.id}/contractors?limit=100&${query}${cursor ? `&cursor=${cursor}` : ""}`,
        );
        expect(res.status).toBe(200);
        found.push(...idsOf(res));
        cursor = res.json.nextCursor;
      } while (cursor);
      return found;
    };
  });

  it("pages through a word most contractors share, with a status filter", async () => {
    expect(await pages("q=common&status=active")).toEqual(
      expected((c) => c.name.startsWith("Common") && c.status === "active"),
    );
  });

  it("pages through the start of a common word, Removed left out", async () => {
    expect(await pages("q=comm")).toEqual(
      expected((c) => c.name.startsWith("Common") && c.status !== "removed"),
    );
  });

  it("finds a rare word among many", async () => {
    expect(await pages("q=rosa")).toEqual(
      expected((c) => c.name.startsWith("Rare") && c.status !== "removed"),
    );
  });

  it("finds a rare word among the Removed", async () => {
    expect(await pages("q=rare&status=removed")).toEqual(
      expected((c) => c.name.startsWith("Rare") && c.status === "removed"),
    );
  });
});

describe("another company's ids and other people", () => {
  it("answers 404 on every contractor route for another company's ids, and changes nothing", async () => {
    const mine = await signedInCompany(t);
    const theirs = await signedInCompany(t);
    const theirContractor = await inviteOne(theirs.client, theirs.company.id, uniqueEmail("their"));
    const paths = [
      ["GET", `/api/companies/${theirs.company.id}/contractors`],
      ["GET", `/api/companies/${theirs.company.id}/contractors/${theirContractor}`],
      ["POST", `/api/companies/${theirs.company.id}/contractors/${theirContractor}/resend-invitation`],
      ["DELETE", `/api/companies/${theirs.company.id}/contractors/${theirContractor}`],
      ["POST", `/api/companies/${theirs.company.id}/contractors/invitations`],
      // Their contractor id under my company: not mine either.
      ["GET", `/api/companies/${mine.company.id}/contractors/${theirContractor}`],
      ["POST", `/api/companies/${mine.company.id}/contractors/${theirContractor}/resend-invitation`],
      ["DELETE", `/api/companies/${mine.company.id}/contractors/${theirContractor}`],
      ["GET", `/api/companies/${mine.company.id}/contractors/${newId()}`],
    ] as const;
    for (const [method, url] of paths) {
      const res = await mine.client.request({
        method,
        url,
        ...(method === "POST" ? { payload: { emails: "x@y.io" } } : {}),
      });
      expect(res.status, `${method} ${url}`).toBe(404);
    }
    const row = await t.context.database.db
      .selectFrom("contractors")
      .select("status")
      .where("id", "=", theirContractor)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe("invited");
  });

  it("shows an Active contractor none of the company's contractors: they are not a member", async () => {
    const company = await signedInCompany(t);
    const other = await inviteOne(company.client, company.company.id, uniqueEmail("other"));
    const { db } = t.context.database;
    const worker = await buildUser(db, { email: uniqueEmail("worker") });
    const wid = await inviteOne(company.client, company.company.id, worker.email);
    await db
      .updateTable("contractors")
      .set({ status: "active", accepted_at: new Date().toISOString() })
      .where("id", "=", wid)
      .execute();
    const workerClient = await signedInClient(t, worker);
    expect((await workerClient.get(`/api/companies/${company.company.id}/contractors`)).status).toBe(404);
    expect((await workerClient.get(`/api/companies/${company.company.id}/contractors/${other}`)).status).toBe(
      404,
    );
  });
});

describe("resending an invitation", () => {
  /** A company that invited an existing account, whose first invitation was delivered. */
  async function invitedAccount() {
    const { company, client } = await signedInCompany(t);
    const account = await buildUser(t.context.database.db, { email: uniqueEmail("res") });
    const id = await inviteOne(client, company.id, account.email);
    await t.deliverMail();
    const firstToken = tokenIn(await t.smtp.waitFor((m) => m.to.includes(account.email)), "/invitation");
    const resend = () => client.post(`/api/companies/${company.id}/contractors/${id}/resend-invitation`);
    return { account, id, firstToken, resend };
  }

  it("queues a new invitation and tells the company's open lists", async () => {
    const { id, resend } = await invitedAccount();
    const events = recordEvents(t);
    const res = await resend();
    expect(res.status).toBe(202);
    expect(res.json).toMatchObject({ id, status: "invited", invitationEmail: { status: "queued" } });
    await events.waitFor((e) => contractorOf(e)?.id === id);
    events.stop();
  });

  it("mails a new link, and the old one stops working", async () => {
    const { account, firstToken, resend } = await invitedAccount();
    expect((await resend()).status).toBe(202);
    await t.deliverMail();
    const mails = t.smtp.mailsTo(account.email);
    expect(mails).toHaveLength(2);
    const tokens = mails.map((m) => tokenIn(m, "/invitation"));
    expect(tokens).toContain(firstToken);
    expect(new Set(tokens).size).toBe(2);
    const accountClient = await signedInClient(t, account);
    expect((await accountClient.post("/api/invitations/accept", { token: firstToken })).status).toBe(410);
  });

  it("stops after 5 resends a day with 429 and Retry-After", async () => {
    const { resend } = await invitedAccount();
    for (let i = 1; i <= 5; i++) expect((await resend()).status).toBe(202);
    const sixth = await resend();
    expect(sixth.status).toBe(429);
    expect(Number(sixth.headers["retry-after"])).toBeGreaterThan(0);
  });

  it("never sends the resends that a newer one replaced while they waited: only the newest link is live", async () => {
    const { account, resend } = await invitedAccount();
    expect((await resend()).status).toBe(202);
    await t.deliverMail();
    for (let i = 2; i <= 5; i++) expect((await resend()).status).toBe(202);
    // Resends 2 to 4 were replaced before they went out: of the three links sent, only the newest is live.
    await t.deliverMail();
    const all = t.smtp.mailsTo(account.email).map((m) => tokenIn(m, "/invitation"));
    expect(all).toHaveLength(3);
    const live: string[] = [];
    for (const token of all) {
      if (
        await findLiveToken(t.context.database.db, token).then(
          () => true,
          () => false,
        )
      )
        live.push(token);
    }
    expect(live).toHaveLength(1);
    const accountClient = await signedInClient(t, account);
    expect((await accountClient.post("/api/invitations/accept", { token: live[0] })).status).toBe(200);
  });

  it("resends a set-password email to an account that has no password yet; a copy still queued is never sent", async () => {
    const { company, client } = await signedInCompany(t);
    const email = uniqueEmail("nopass");
    const id = await inviteOne(client, company.id, email);
    expect(
      (await client.post(`/api/companies/${company.id}/contractors/${id}/resend-invitation`)).status,
    ).toBe(202);
    await t.deliverMail();
    const [mail, ...more] = t.smtp.mailsTo(email);
    expect(more).toHaveLength(0);
    if (!mail) throw new Error(`no mail reached ${email}`);
    await findLiveToken(t.context.database.db, tokenIn(mail, "/set-password"));
    const listed = await client.get(`/api/companies/${company.id}/contractors/${id}`);
    expect(listed.json.invitationEmail).toMatchObject({ status: "sent" });
  });

  it("refuses to resend to an Active contractor with 409", async () => {
    const { company, client } = await signedInCompany(t);
    const id = await inviteOne(client, company.id, uniqueEmail("act"));
    await t.context.database.db
      .updateTable("contractors")
      .set({ status: "active" })
      .where("id", "=", id)
      .execute();
    const res = await client.post(`/api/companies/${company.id}/contractors/${id}/resend-invitation`);
    expect(res.status).toBe(409);
    expect(res.json.detail).toMatch(/Only an Invited contractor/);
  });
});

describe("removing a contractor with tasks in every state", () => {
  let company: { id: string };
  let owner: { id: string };
  let client: Awaited<ReturnType<typeof signedInCompany>>["client"];
  let account: Awaited<ReturnType<typeof buildUser>>;
  let id: string;
  let token: string;
  let tasks: Array<{ id: string }>;
  let events: ReturnType<typeof recordEvents>;
  let removal: TestResponse;

  beforeAll(async () => {
    ({ company, owner, client } = await signedInCompany(t));
    const { db } = t.context.database;
    account = await buildUser(db, { email: uniqueEmail("rem") });
    id = await inviteOne(client, company.id, account.email);
    await t.deliverMail();
    token = tokenIn(await t.smtp.waitFor((m) => m.to.includes(account.email)), "/invitation");

    // Tasks the invited (not yet accepted) contractor could not have moved themselves: written as rows.
    const now = new Date().toISOString();
    const task = (number: number, status: string) => ({
      id: newId(),
      company_id: company.id,
      number,
      title: `Task ${number}`,
      description: "",
      status,
      contractor_id: id,
      amount_minor: 1000,
      currency: "USD",
      deadline: null,
      project: null,
      external_id: null,
      created_by: owner.id,
      created_at: now,
      updated_at: now,
      search_text: "",
    });
    const rows = [task(1, "offered"), task(2, "in_progress"), task(3, "in_review"), task(4, "offered")];
    await db.insertInto("tasks").values(rows).execute();
    tasks = rows;

    events = recordEvents(t);
    removal = await client.delete(`/api/companies/${company.id}/contractors/${id}`);
  });
  afterAll(() => events.stop());

  it("answers 204 and marks the contractor Removed, live", async () => {
    expect(removal.status).toBe(204);
    await events.waitFor((e) => contractorOf(e)?.id === id && contractorOf(e)?.status === "removed");
    const row = await rowOf(t, "contractors", id);
    expect(row.status).toBe("removed");
    expect(row.removed_at).not.toBeNull();
  });

  it("cancels the Offered tasks and keeps those in progress or in review", async () => {
    const statuses = await t.context.database.db
      .selectFrom("tasks")
      .select(["number", "status"])
      .where("company_id", "=", company.id)
      .orderBy("number")
      .execute();
    expect(statuses).toEqual([
      { number: 1, status: "cancelled" },
      { number: 2, status: "in_progress" },
      { number: 3, status: "in_review" },
      { number: 4, status: "cancelled" },
    ]);
  });

  it("shows open task lists both offers turn Cancelled", async () => {
    for (const cancelledId of [tasks[0]?.id, tasks[3]?.id]) {
      await events.waitFor((e) => taskOf(e)?.id === cancelledId && taskOf(e)?.status === "cancelled");
    }
  });

  it("writes each cancellation in the task's history, by the person who removed the contractor", async () => {
    const history = await t.context.database.db
      .selectFrom("task_events")
      .selectAll()
      .where(
        "task_id",
        "in",
        tasks.map((x) => x.id),
      )
      .execute();
    expect(history).toHaveLength(2);
    expect(history[0]).toMatchObject({
      from_status: "offered",
      to_status: "cancelled",
      actor_user_id: owner.id,
    });
  });

  it("tells the contractor in one email which offers were withdrawn", async () => {
    await t.deliverMail();
    const withdrawn = await t.smtp.waitFor(
      (m) => m.to.includes(account.email) && /cancelled 2 tasks/.test(m.subject),
    );
    expect(withdrawn.text).toContain("Task 1");
    expect(withdrawn.text).toContain("Task 4");
    expect(withdrawn.text).not.toContain("Task 2");
  });

  it("kills the invitation: its link answers 410 and accepting in the app finds nothing", async () => {
    const accountClient = await signedInClient(t, account);
    expect((await accountClient.post("/api/invitations/accept", { token })).status).toBe(410);
    expect((await accountClient.post(`/api/me/invitations/${id}/accept`)).status).toBe(404);
  });

  it("answers 204 again when removed twice", async () => {
    expect((await client.delete(`/api/companies/${company.id}/contractors/${id}`)).status).toBe(204);
  });
});

describe("removing a contractor", () => {
  it("does not send an invitation still waiting in the outbox", async () => {
    const { company, client } = await signedInCompany(t);
    const email = uniqueEmail("gone");
    const id = await inviteOne(client, company.id, email);
    expect((await client.delete(`/api/companies/${company.id}/contractors/${id}`)).status).toBe(204);
    await t.deliverMail();
    expect(t.smtp.mailsTo(email)).toHaveLength(0);
    const removed = await client.get(`/api/companies/${company.id}/contractors/${id}`);
    expect(removed.json.invitationEmail).toMatchObject({ status: "failed", reason: /removed/ });
  });

  it("kills the set-password link of a new account", async () => {
    const { company, client } = await signedInCompany(t);
    const email = uniqueEmail("setpw");
    const id = await inviteOne(client, company.id, email);
    await t.deliverMail();
    const token = tokenIn(await t.smtp.waitFor((m) => m.to.includes(email)), "/set-password");
    const { db } = t.context.database;
    await findLiveToken(db, token);
    await client.delete(`/api/companies/${company.id}/contractors/${id}`);
    await expect(findLiveToken(db, token)).rejects.toMatchObject({ status: 410 });
  });
});
