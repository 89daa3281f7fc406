import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contractorOf, recordEvents } from "../../../test/support/events.ts";
import { buildUser, signedInClient, signedInCompany } from "../../../test/support/factories.ts";
import { inviteOne } from "../../../test/support/invitations.ts";
import { tokenIn } from "../../../test/support/mail.ts";
import { startTestApp, type TestApp, type TestClient } from "../../../test/support/test-app.ts";
import { uniqueEmail } from "../../../test/support/unique.ts";
import { searchTermsOf, searchTextOf } from "../../common/search.ts";
import { findLiveToken } from "../auth/auth-tokens.ts";
import { newId } from "../db/ids.ts";
import { SEARCH_WALK_THRESHOLD } from "./queries.ts";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe("the contractors list", () => {
  let client: TestClient;
  let base: string;
  const ids: string[] = [];
  const listed = async (query = "") => {
    const res = await client.get(`${base}${query}`);
    return res.json.items.map((c: { id: string }) => c.id);
  };
  // Anna and Bob Invited, Jörg Active, Ирина Invited, zed Removed; invited in that order.
  beforeAll(async () => {
    const owners = await signedInCompany(t);
    client = owners.client;
    base = `/api/companies/${owners.company.id}/contractors`;
    for (const line of [
      `Anna Smith <${uniqueEmail("anna", "mail.test")}>`,
      `Jörg Müller <${uniqueEmail("joerg", "mail.test")}>`,
      `"Доля, Ирина" <${uniqueEmail("irina", "mail.test")}>`,
      `${uniqueEmail("zed", "mail.test")}`,
      `Bob Smithers <${uniqueEmail("bob", "mail.test")}>`,
    ]) {
      ids.push(await inviteOne(client, owners.company.id, line));
    }
    await t.context.database.db
      .updateTable("contractors")
      .set({ status: "active" })
      .where("id", "=", ids[1] ?? "")
      .execute();
    expect((await client.delete(`${base}/${ids[3]}`)).status).toBe(204);
  });

  it("lists newest first, without the Removed", async () => {
    const all = await client.get(base);
    expect(all.json).toMatchObject({
      items: [{ id: ids[4] }, { id: ids[2] }, { id: ids[1] }, { id: ids[0] }],
      nextCursor: null,
    });
  });

  it("pages by a cursor to the end", async () => {
    const page1 = await client.get(`${base}?limit=3`);
    expect(page1.json.items).toHaveLength(3);
    const page2 = await client.get(`${base}?limit=3&cursor=${page1.json.nextCursor}`);
    expect(page2.json).toMatchObject({ items: [{ id: ids[0] }], nextCursor: null });
  });

  it("lists the Removed when asked for them", async () => {
    expect(await listed("?status=removed")).toEqual([ids[3]]);
  });

  it("filters by status", async () => {
    expect(await listed("?status=active")).toEqual([ids[1]]);
  });

  it("finds the words that start with what is typed, in any case", async () => {
    expect(await listed("?q=smi")).toEqual([ids[4], ids[0]]);
    expect(await listed("?q=SMITH&status=invited")).toEqual([ids[4], ids[0]]);
  });

  it("finds names in any script, with their accents", async () => {
    expect(await listed(`?q=${encodeURIComponent("müll")}`)).toEqual([ids[1]]);
    expect(await listed(`?q=${encodeURIComponent("ири")}`)).toEqual([ids[2]]);
  });

  it("does not find the middle of a word", async () => {
    expect(await listed("?q=mith")).toEqual([]);
  });

  it("needs every word typed to start a word of the name or email, in any order", async () => {
    expect(await listed(`?q=${encodeURIComponent("smith ann")}`)).toEqual([ids[0]]);
    expect(await listed(`?q=${encodeURIComponent("Bob  smi")}`)).toEqual([ids[4]]);
    expect(await listed(`?q=${encodeURIComponent("anna müller")}`)).toEqual([]);
  });

  it("searches the Removed only when they are asked for", async () => {
    expect(await listed("?q=zed")).toEqual([]);
    expect(await listed("?q=zed&status=removed")).toEqual([ids[3]]);
  });

  it("refuses a page over 100 and an unknown status with 400", async () => {
    expect((await client.get(`${base}?limit=101`)).status).toBe(400);
    expect((await client.get(`${base}?status=gone`)).status).toBe(400);
  });
});

describe("searching a large list", () => {
  it("pages through common and rare matches newest first, whichever plan the list takes", async () => {
    const { company, owner, client } = await signedInCompany(t);
    const { db } = t.context.database;
    const iso = new Date().toISOString();
    const base = Date.now() - 10_000_000;
    const seeded: Array<{ id: string; status: "invited" | "active" | "removed"; name: string }> = [];
    for (let i = 0; i < SEARCH_WALK_THRESHOLD + 300; i++) {
      const status = i % 3 === 0 ? "active" : i % 10 === 1 ? "removed" : "invited";
      seeded.push({
        id: newId(base + i * 1000),
        status,
        name: i % 500 === 7 ? "Rare Rosalind" : `Common Person${i}`,
      });
    }
    for (let i = 0; i < seeded.length; i += 300) {
      const part = seeded.slice(i, i + 300);
      const users = part.map((c, j) => ({
        id: newId(base + (i + j) * 1000),
        email: `bulk.${company.id.slice(-6)}.${i + j}@big.test`,
        name: c.name,
        password_hash: null,
        email_verified_at: null,
        platform_role: null,
        password_changed_at: null,
        created_at: iso,
        updated_at: iso,
      }));
      await db.insertInto("users").values(users).execute();
      await db
        .insertInto("contractors")
        .values(
          part.map((c, j) => ({
            id: c.id,
            company_id: company.id,
            user_id: users[j]?.id ?? "",
            status: c.status,
            invited_by: owner.id,
            welcome_message: null,
            invited_at: iso,
            accepted_at: null,
            activated_at: null,
            removed_at: null,
            invitation_email_id: null,
            created_at: iso,
            updated_at: iso,
            name: c.name,
            search_text: searchTextOf(c.name, users[j]?.email),
          })),
        )
        .execute();
      const terms = part.flatMap((c, j) =>
        searchTermsOf(c.name, users[j]?.email).map((term) => ({
          entity: "contractor" as const,
          entity_id: c.id,
          company_id: company.id,
          term,
        })),
      );
      await db.insertInto("search_terms").values(terms).execute();
    }
    const pages = async (query: string) => {
      const found: string[] = [];
      let cursor: string | null = null;
      do {
        const res = await client.get(
          `/api/companies/${company.id}/contractors?limit=100&${query}${cursor ? `&cursor=${cursor}` : ""}`,
        );
        expect(res.status).toBe(200);
        found.push(...res.json.items.map((c: { id: string }) => c.id));
        cursor = res.json.nextCursor;
      } while (cursor);
      return found;
    };
    const expected = (match: (c: (typeof seeded)[number]) => boolean) =>
      seeded
        .filter(match)
        .map((c) => c.id)
        .reverse();
    expect(await pages("q=common&status=active")).toEqual(
      expected((c) => c.name.startsWith("Common") && c.status === "active"),
    );
    expect(await pages("q=comm")).toEqual(
      expected((c) => c.name.startsWith("Common") && c.status !== "removed"),
    );
    expect(await pages("q=rosa")).toEqual(
      expected((c) => c.name.startsWith("Rare") && c.status !== "removed"),
    );
    expect(await pages("q=rare&status=removed")).toEqual(
      expected((c) => c.name.startsWith("Rare") && c.status === "removed"),
    );
  });
});

describe("another company's ids and other people", () => {
  it("answers 404 everywhere for another company's ids, and a contractor sees no other contractor", async () => {
    const mine = await signedInCompany(t);
    const theirs = await signedInCompany(t);
    const theirContractor = await inviteOne(
      theirs.client,
      theirs.company.id,
      uniqueEmail("their", "mail.test"),
    );
    const c = mine.client;
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
      const res = await c.request({
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

    // A contractor of the company (Active) is not a member: the company's contractors are not theirs to see.
    const { db } = t.context.database;
    const worker = await buildUser(db, { email: uniqueEmail("worker", "mail.test") });
    const wid = await inviteOne(theirs.client, theirs.company.id, worker.email);
    await db
      .updateTable("contractors")
      .set({ status: "active", accepted_at: new Date().toISOString() })
      .where("id", "=", wid)
      .execute();
    const workerClient = await signedInClient(t, worker);
    expect((await workerClient.get(`/api/companies/${theirs.company.id}/contractors`)).status).toBe(404);
    expect(
      (await workerClient.get(`/api/companies/${theirs.company.id}/contractors/${theirContractor}`)).status,
    ).toBe(404);
  });
});

describe("resending an invitation", () => {
  it("sends a new link, kills the old one, and stops after 5 resends a day", async () => {
    const { company, client } = await signedInCompany(t);
    const { db } = t.context.database;
    const account = await buildUser(db, { email: uniqueEmail("res", "mail.test") });
    const id = await inviteOne(client, company.id, account.email);
    await t.deliverMail();
    const firstToken = tokenIn(await t.smtp.waitFor((m) => m.to.includes(account.email)), "/invitation");

    const events = recordEvents(t);
    const res = await client.post(`/api/companies/${company.id}/contractors/${id}/resend-invitation`);
    expect(res.status).toBe(202);
    expect(res.json).toMatchObject({ id, status: "invited", invitationEmail: { status: "queued" } });
    await events.waitFor((e) => contractorOf(e)?.id === id);
    events.stop();
    await t.deliverMail();
    const mails = t.smtp.mailsTo(account.email);
    expect(mails).toHaveLength(2);
    const tokens = mails.map((m) => tokenIn(m, "/invitation"));
    expect(tokens).toContain(firstToken);
    expect(new Set(tokens).size).toBe(2);

    const accountClient = await signedInClient(t, account);
    expect((await accountClient.post("/api/invitations/accept", { token: firstToken })).status).toBe(410);

    for (let i = 2; i <= 5; i++) {
      expect(
        (await client.post(`/api/companies/${company.id}/contractors/${id}/resend-invitation`)).status,
      ).toBe(202);
    }
    const sixth = await client.post(`/api/companies/${company.id}/contractors/${id}/resend-invitation`);
    expect(sixth.status).toBe(429);
    expect(Number(sixth.headers["retry-after"])).toBeGreaterThan(0);

    // Resends 2 to 4 were replaced before they went out: of the three links sent, only the newest is live.
    await t.deliverMail();
    const all = t.smtp.mailsTo(account.email).map((m) => tokenIn(m, "/invitation"));
    expect(all).toHaveLength(3);
    const live: string[] = [];
    for (const token of all) {
      if (
        await findLiveToken(db, token).then(
          () => true,
          () => false,
        )
      )
        live.push(token);
    }
    expect(live).toHaveLength(1);
    expect((await accountClient.post("/api/invitations/accept", { token: live[0] })).status).toBe(200);
    await db.updateTable("contractors").set({ status: "active" }).where("id", "=", id).execute();
    const active = await (await signedInCompany(t)).client.post(
      `/api/companies/${company.id}/contractors/${id}/resend-invitation`,
    );
    expect(active.status).toBe(404);
    const conflict = await client.post(`/api/companies/${company.id}/contractors/${id}/resend-invitation`);
    expect([409, 429]).toContain(conflict.status);
  });

  it("resends a set-password email to an account that has no password yet; a copy still queued is never sent", async () => {
    const { company, client } = await signedInCompany(t);
    const email = uniqueEmail("nopass", "mail.test");
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
    const id = await inviteOne(client, company.id, uniqueEmail("act", "mail.test"));
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

describe("removing a contractor", () => {
  it("kills pending links, cancels Offered tasks with a history entry, and keeps tasks in progress or in review", async () => {
    const { company, owner, client } = await signedInCompany(t);
    const { db } = t.context.database;
    const account = await buildUser(db, { email: uniqueEmail("rem", "mail.test") });
    const id = await inviteOne(client, company.id, account.email);
    await t.deliverMail();
    const token = tokenIn(await t.smtp.waitFor((m) => m.to.includes(account.email)), "/invitation");

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
    const tasks = [task(1, "offered"), task(2, "in_progress"), task(3, "in_review"), task(4, "offered")];
    await db.insertInto("tasks").values(tasks).execute();

    const events = recordEvents(t);
    expect((await client.delete(`/api/companies/${company.id}/contractors/${id}`)).status).toBe(204);
    await events.waitFor((e) => contractorOf(e)?.id === id && contractorOf(e)?.status === "removed");
    // Open task lists see both offers turn Cancelled.
    for (const cancelledId of [tasks[0]?.id, tasks[3]?.id]) {
      await events.waitFor(
        (e) =>
          e.name === "task.updated" &&
          (e.data as { task: { id: string; status: string } }).task.id === cancelledId &&
          (e.data as { task: { status: string } }).task.status === "cancelled",
      );
    }
    events.stop();
    // One email tells the contractor which offers were withdrawn.
    await t.deliverMail();
    const withdrawn = await t.smtp.waitFor(
      (m) => m.to.includes(account.email) && /cancelled 2 tasks/.test(m.subject),
    );
    expect(withdrawn.text).toContain("Task 1");
    expect(withdrawn.text).toContain("Task 4");
    expect(withdrawn.text).not.toContain("Task 2");

    const row = await db.selectFrom("contractors").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(row.status).toBe("removed");
    expect(row.removed_at).not.toBeNull();
    const statuses = await db
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
    const history = await db
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

    const accountClient = await signedInClient(t, account);
    expect((await accountClient.post("/api/invitations/accept", { token })).status).toBe(410);
    expect((await accountClient.post(`/api/me/invitations/${id}/accept`)).status).toBe(404);
    // Removing again says nothing new.
    expect((await client.delete(`/api/companies/${company.id}/contractors/${id}`)).status).toBe(204);
  });

  it("does not send an invitation still waiting in the outbox", async () => {
    const { company, client } = await signedInCompany(t);
    const email = uniqueEmail("gone", "mail.test");
    const id = await inviteOne(client, company.id, email);
    expect((await client.delete(`/api/companies/${company.id}/contractors/${id}`)).status).toBe(204);
    await t.deliverMail();
    expect(t.smtp.mailsTo(email)).toHaveLength(0);
    const removed = await client.get(`/api/companies/${company.id}/contractors/${id}`);
    expect(removed.json.invitationEmail).toMatchObject({ status: "failed", reason: /removed/ });
  });

  it("kills the set-password link of a new account", async () => {
    const { company, client } = await signedInCompany(t);
    const email = uniqueEmail("setpw", "mail.test");
    const id = await inviteOne(client, company.id, email);
    await t.deliverMail();
    const token = tokenIn(await t.smtp.waitFor((m) => m.to.includes(email)), "/set-password");
    const { db } = t.context.database;
    await findLiveToken(db, token);
    await client.delete(`/api/companies/${company.id}/contractors/${id}`);
    await expect(findLiveToken(db, token)).rejects.toMatchObject({ status: 410 });
  });
});
