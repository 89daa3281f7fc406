import { beforeAll, describe, expect, it } from "vitest";
import { recordEvents, taskOf } from "../../../test/support/events.ts";
import {
  buildContractor,
  buildMembership,
  buildTeam,
  buildUser,
  signedInClient,
  signedInCompany,
  type Team,
  taskIn,
  taskInput,
} from "../../../test/support/factories.ts";
import { setUpTestApp, type TestClient } from "../../../test/support/test-app.ts";
import { acceptPendingInvitations } from "../contractors/acceptance.ts";
import { transact } from "../kernel/transaction.ts";
import { listCompanyTasks } from "./queries.ts";

const t = setUpTestApp();
let team: Team;
let url: string;
beforeAll(async () => {
  team = await buildTeam(t, "Northwind");
  url = `/api/companies/${team.company.id}/tasks`;
});

describe("creating a task", () => {
  it("saves a draft with every field, numbered in the company, amount as a decimal string", async () => {
    const res = await team.owner.post(url, {
      title: "  Translate the guide  ",
      description: "All 12 pages",
      amount: "1234.5",
      currency: "USD",
      deadline: "2026-12-31",
      project: "Docs",
      externalId: "EXT-1",
      contractorId: team.contractor.id,
    });
    expect(res.status, res.body).toBe(201);
    expect(res.json).toMatchObject({
      title: "Translate the guide",
      description: "All 12 pages",
      status: "draft",
      amount: "1234.50",
      currency: "USD",
      deadline: "2026-12-31",
      project: "Docs",
      externalId: "EXT-1",
      contractor: {
        id: team.contractor.id,
        name: "Carla Contractor",
        email: team.contractor.user.email,
        status: "invited",
      },
    });
    expect(res.json.history).toBeUndefined();
    expect(Object.keys(res.json).sort()).toEqual(
      [
        "id",
        "number",
        "title",
        "description",
        "status",
        "contractor",
        "amount",
        "currency",
        "deadline",
        "project",
        "externalId",
        "createdAt",
        "updatedAt",
        "payment",
      ].sort(),
    );
    // Nothing reserved nor asked for: this file runs with PAYMENTS=off.
    expect(res.json.payment).toBeNull();
  });

  it("numbers tasks 1, 2, 3… per company, without gaps or repeats when created at once", async () => {
    const { company, client: owner } = await signedInCompany(t);
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        owner.post(`/api/companies/${company.id}/tasks`, taskInput({ title: `T${i}` })),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(12).fill(201));
    expect(answers.map((a) => a.json.number).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 12 }, (_, i) => i + 1),
    );
  });

  it("refuses an amount with more decimals than the currency has, naming the amount", async () => {
    const res = await team.owner.post(url, taskInput({ amount: "1500.5", currency: "JPY" }));
    expect(res.status).toBe(400);
    expect(res.json.errors).toEqual([{ field: "amount", message: "amount must be a whole number in JPY" }]);
  });

  it("takes a whole amount in a currency without decimals", async () => {
    const yen = await team.owner.post(url, taskInput({ amount: "1500", currency: "JPY" }));
    expect(yen.json.amount).toBe("1500");
  });

  it("names every wrong field at once", async () => {
    const res = await team.owner.post(url, taskInput({ title: " ", amount: "0", deadline: "2026-02-30" }));
    expect(res.status).toBe(400);
    expect(res.json.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      "amount",
      "deadline",
      "title",
    ]);
  });

  it("refuses a currency it does not know, naming the field", async () => {
    const currency = await team.owner.post(url, taskInput({ currency: "XYZ" }));
    expect(currency.json.errors[0].field).toBe("currency");
  });

  it("refuses an amount sent as a number: amounts travel as decimal strings", async () => {
    const numeric = await team.owner.post(url, { ...taskInput(), amount: 12.5 });
    expect(numeric.status).toBe(400);
    expect(numeric.json.errors[0].field).toBe("amount");
  });

  it("does not send a task that names no contractor", async () => {
    const none = await team.owner.post(url, taskInput({ send: true }));
    expect(none.status).toBe(400);
    expect(none.json.errors[0].field).toBe("contractorId");
  });

  it("does not assign another company's contractor", async () => {
    const other = await buildTeam(t);
    const foreign = await team.owner.post(url, taskInput({ contractorId: other.contractor.id }));
    expect(foreign.status).toBe(400);
    expect(foreign.json.errors[0].field).toBe("contractorId");
  });

  it("does not send a task to a Removed contractor", async () => {
    const removed = await buildContractor(t.context.database.db, {
      companyId: team.company.id,
      status: "removed",
      accepted: true,
    });
    const toRemoved = await team.owner.post(url, taskInput({ contractorId: removed.id, send: true }));
    expect(toRemoved.status).toBe(400);
  });
});

describe("external IDs", () => {
  it("are unique within the company: a second task with one answers 409 on the field", async () => {
    expect((await team.owner.post(url, taskInput({ externalId: "INV-7" }))).status).toBe(201);
    const duplicate = await team.owner.post(url, taskInput({ externalId: "INV-7" }));
    expect(duplicate.status).toBe(409);
    expect(duplicate.json.detail).toContain("INV-7");
    expect(duplicate.json.errors).toEqual([{ field: "externalId", message: duplicate.json.detail }]);
  });

  it("may repeat in another company", async () => {
    await team.owner.post(url, taskInput({ externalId: "INV-9" }));
    const other = await buildTeam(t);
    const elsewhere = await other.owner.post(
      `/api/companies/${other.company.id}/tasks`,
      taskInput({ externalId: "INV-9" }),
    );
    expect(elsewhere.status).toBe(201);
  });

  it("cannot be taken by editing a draft either", async () => {
    await team.owner.post(url, taskInput({ externalId: "INV-10" }));
    const draft = await team.owner.post(url, taskInput({ externalId: "INV-8" }));
    const renamed = await team.owner.patch(`${url}/${draft.json.id}`, { externalId: "INV-10" });
    expect(renamed.status).toBe(409);
  });
});

describe("editing a task", () => {
  it("edits a draft fully", async () => {
    const id = await taskIn(team, "draft");
    const res = await team.owner.patch(`${url}/${id}`, {
      title: "New title",
      amount: "99",
      currency: "EUR",
      project: "Web",
      contractorId: null,
    });
    expect(res.status, res.body).toBe(200);
    expect(res.json).toMatchObject({
      title: "New title",
      amount: "99.00",
      currency: "EUR",
      project: "Web",
      contractor: null,
    });
    const found = await team.owner.get(`${url}?q=new`);
    expect(found.json.items.map((i: { id: string }) => i.id)).toContain(id);
  });

  it("changes the description and deadline of an offered task", async () => {
    const id = await taskIn(team, "offered");
    const ok = await team.owner.patch(`${url}/${id}`, { description: "More detail", deadline: "2027-01-15" });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ description: "More detail", deadline: "2027-01-15" });
  });

  it("keeps the amount and currency of an offered task fixed (409 naming what may change)", async () => {
    const id = await taskIn(team, "offered");
    const amount = await team.owner.patch(`${url}/${id}`, { amount: "2000" });
    expect(amount.status).toBe(409);
    expect(amount.json.allowed).toEqual(["description", "deadline"]);
    const currency = await team.owner.patch(`${url}/${id}`, { currency: "EUR" });
    expect(currency.status).toBe(409);
  });

  it("does not refuse a form that sends the fixed fields back unchanged", async () => {
    const id = await taskIn(team, "offered");
    const same = await team.owner.patch(`${url}/${id}`, {
      amount: "1234.50",
      currency: "USD",
      description: "Again",
    });
    expect(same.status).toBe(200);
  });

  it("changes nothing once the contractor has taken the task", async () => {
    const id = await taskIn(team, "in_progress");
    const res = await team.owner.patch(`${url}/${id}`, { description: "Too late" });
    expect(res.status).toBe(409);
    expect(res.json.allowed).toEqual([]);
  });

  it("deletes a draft", async () => {
    const draft = await taskIn(team, "draft");
    expect((await team.owner.delete(`${url}/${draft}`)).status).toBe(204);
  });

  it("does not delete a task once offered: it may be cancelled instead", async () => {
    const offered = await taskIn(team, "offered");
    const res = await team.owner.delete(`${url}/${offered}`);
    expect(res.status).toBe(409);
    expect(res.json.allowed).toEqual(["cancel"]);
  });
});

describe("the company's list", () => {
  let fresh: Team;
  let second: { id: string };
  let base: string;
  let a: string;
  let b: string;
  let c: string;
  let d: string;
  const ids = async (query: string): Promise<string[]> =>
    (await fresh.owner.get(`${base}${query}`)).json.items.map((i: { id: string }) => i.id);
  /** The plan for a word most tasks share: walking the list instead of the search index. */
  const walk = (filter: Parameters<typeof listCompanyTasks>[2]) =>
    listCompanyTasks(t.context.database, fresh.company.id, filter, { searchWalkThreshold: 1 }).then((p) => ({
      ids: p.items.map((i) => i.id),
      nextCursor: p.nextCursor,
    }));

  beforeAll(async () => {
    fresh = await buildTeam(t, "Filters Inc");
    second = await buildContractor(t.context.database.db, {
      companyId: fresh.company.id,
      name: "Dan",
      accepted: true,
    });
    base = `/api/companies/${fresh.company.id}/tasks`;
    const mk = async (title: string, extra: Record<string, unknown> = {}) =>
      (await fresh.owner.post(base, taskInput({ title, ...extra }))).json.id as string;
    a = await mk("Übersetzung der Anleitung", { project: "Docs", contractorId: fresh.contractor.id });
    b = await mk("Design the logo", { contractorId: second.id, send: true });
    c = await mk("Logo animation", { project: "Docs" });
    d = await mk("Write release notes");
  });

  it("lists newest first", async () => {
    expect(await ids("")).toEqual([d, c, b, a]);
  });

  it("filters by status, contractor and project", async () => {
    expect(await ids("?status=offered")).toEqual([b]);
    expect(await ids(`?contractorId=${second.id}`)).toEqual([b]);
    expect(await ids("?project=Docs")).toEqual([c, a]);
  });

  it("finds the start of any word of the title, in any case, with the status filter", async () => {
    expect(await ids("?q=LOG")).toEqual([c, b]);
    expect(await ids("?q=übers")).toEqual([a]);
    expect(await ids("?q=anleit")).toEqual([a]);
    expect(await ids("?q=ogo")).toEqual([]);
    expect(await ids("?q=logo&status=draft")).toEqual([c]);
  });

  it("needs every word typed to start a word of the title", async () => {
    expect(await ids(`?q=${encodeURIComponent("the LOGO")}`)).toEqual([b]);
    expect(await ids(`?q=${encodeURIComponent("logo notes")}`)).toEqual([]);
  });

  it("pages with the cursor of the page before", async () => {
    const first = await fresh.owner.get(`${base}?limit=3`);
    expect(first.json.items).toHaveLength(3);
    const rest = await fresh.owner.get(`${base}?limit=3&cursor=${first.json.nextCursor}`);
    expect(rest.json.items.map((i: { id: string }) => i.id)).toEqual([a]);
    expect(rest.json.nextCursor).toBeNull();
  });

  it("refuses an unknown status with 400", async () => {
    expect((await fresh.owner.get(`${base}?status=nonsense`)).status).toBe(400);
  });

  it("gives the same answers, page by page, when a common word is searched by walking the list", async () => {
    expect((await walk({ q: "LOG" })).ids).toEqual([c, b]);
    expect((await walk({ q: "übers" })).ids).toEqual([a]);
    expect((await walk({ q: "logo", status: "draft" })).ids).toEqual([c]);
    expect((await walk({ q: "ogo" })).ids).toEqual([]);
    expect((await walk({ q: "ani logo" })).ids).toEqual([c]);
    const page1 = await walk({ q: "logo", limit: 1 });
    expect(page1.ids).toEqual([c]);
    expect((await walk({ q: "logo", limit: 1, cursor: page1.nextCursor ?? "" })).ids).toEqual([b]);
  });
});

describe("permissions", () => {
  it("answers 404 for another company's tasks, whichever company the URL names", async () => {
    const id = await taskIn(team, "offered");
    const other = await buildTeam(t);
    expect((await other.owner.get(`/api/companies/${other.company.id}/tasks/${id}`)).status).toBe(404);
    expect((await other.owner.get(`${url}/${id}`)).status).toBe(404);
    expect((await other.owner.post(`/api/companies/${other.company.id}/tasks/${id}/cancel`)).status).toBe(
      404,
    );
    expect(
      (await other.owner.patch(`/api/companies/${other.company.id}/tasks/${id}`, { description: "x" }))
        .status,
    ).toBe(404);
    expect((await other.owner.delete(`/api/companies/${other.company.id}/tasks/${id}`)).status).toBe(404);
    const list = await other.owner.get(`/api/companies/${other.company.id}/tasks`);
    expect(list.json.items.map((i: { id: string }) => i.id)).not.toContain(id);
  });

  it("hides a task from a contractor of another company, and company routes from contractors", async () => {
    const id = await taskIn(team, "offered");
    const other = await buildTeam(t);
    expect((await other.contractor.client.get(`/api/me/tasks/${id}`)).status).toBe(404);
    expect((await other.contractor.client.post(`/api/me/tasks/${id}/accept`)).status).toBe(404);
    expect((await team.contractor.client.get(`${url}/${id}`)).status).toBe(404);
    expect((await team.contractor.client.get(url)).status).toBe(404);
  });

  it("lets managers work on tasks", async () => {
    const manager = await buildUser(t.context.database.db, { name: "Mia Manager" });
    await buildMembership(t.context.database.db, team.company.id, manager, "manager");
    const client = await signedInClient(t, manager);
    expect((await client.post(url, taskInput())).status).toBe(201);
  });

  it("asks anyone signed out to sign in (401)", async () => {
    expect((await t.client().get(url)).status).toBe(401);
    expect((await t.client().get("/api/me/tasks")).status).toBe(401);
  });
});

describe("live updates", () => {
  it("tells the company and, once it is theirs to see, the contractor", async () => {
    const events = recordEvents(t);
    try {
      const created = await team.owner.post(url, taskInput({ contractorId: team.contractor.id }));
      const sent = await team.owner.post(`${url}/${created.json.id}/send`);
      // On PostgreSQL events cross LISTEN/NOTIFY: wait for this task's, and ignore earlier tests' late ones.
      const mine = () => events.events.filter((e) => taskOf(e)?.id === created.json.id);
      await expect.poll(() => mine().length).toBe(2);
      const [draft, offered] = mine();
      expect(draft?.audience).toEqual({ companyId: team.company.id, userIds: [] });
      expect(offered?.audience).toEqual({ companyId: team.company.id, userIds: [team.contractor.user.id] });
      expect(offered?.data).toEqual({ companyId: team.company.id, task: sent.json });
    } finally {
      events.stop();
    }
  });
});

describe("inviting a new contractor from the task form", () => {
  describe("with a new address, sent at once", () => {
    let fresh: Team;
    let res: Awaited<ReturnType<TestClient["post"]>>;
    beforeAll(async () => {
      fresh = await buildTeam(t, "Inviters");
      res = await fresh.owner.post(`/api/companies/${fresh.company.id}/tasks`, {
        ...taskInput({ title: "Logo refresh" }),
        contractorEmail: "  Nina.New@Example.COM ",
        send: true,
      });
    });

    it("answers the offered task, given to the invited address in lower case", () => {
      expect(res.status, res.body).toBe(201);
      expect(res.json.status).toBe("offered");
      expect(res.json.contractor).toMatchObject({ email: "nina.new@example.com", status: "invited" });
    });

    it("mails the invitation and the offer", async () => {
      await t.deliverMail();
      const mails = t.smtp.mailsTo("nina.new@example.com").map((m) => m.subject);
      expect(mails).toHaveLength(2);
      expect(mails).toContain("Inviters offered you a task: Logo refresh");
    });

    it("shows the task to the new account only once its mailbox is proved", async () => {
      const user = await t.context.database.db
        .selectFrom("users")
        .selectAll()
        .where("email", "=", "nina.new@example.com")
        .executeTakeFirstOrThrow();
      const nina = await signedInClient(t, user);
      // Until the link is used, the account has proved nothing: it sees nothing of the company.
      expect((await nina.get("/api/me/tasks")).json.items).toEqual([]);
      await transact(t.context, (tx) => acceptPendingInvitations(tx, user.id));
      expect((await nina.get("/api/me/tasks")).json.items.map((i: { id: string }) => i.id)).toEqual([
        res.json.id,
      ]);
    });
  });

  it("chooses the existing relation for an address already on the team, without a new invitation", async () => {
    const fresh = await buildTeam(t);
    const res = await fresh.owner.post(`/api/companies/${fresh.company.id}/tasks`, {
      ...taskInput(),
      contractorEmail: fresh.contractor.user.email,
    });
    expect(res.status).toBe(201);
    expect(res.json.contractor.id).toBe(fresh.contractor.id);
    const invitations = await t.context.database.db
      .selectFrom("outbox_emails")
      .select("id")
      .where("recipient", "=", fresh.contractor.user.email)
      .execute();
    expect(invitations).toEqual([]);
  });

  it("refuses an invalid address, naming the field", async () => {
    const fresh = await buildTeam(t);
    const invalid = await fresh.owner.post(`/api/companies/${fresh.company.id}/tasks`, {
      ...taskInput(),
      contractorEmail: "not-an-address",
    });
    expect(invalid.status).toBe(400);
    expect(invalid.json.errors[0].field).toBe("contractorEmail");
  });

  it("invites nobody when the task is refused", async () => {
    const fresh = await buildTeam(t);
    const base = `/api/companies/${fresh.company.id}/tasks`;
    await fresh.owner.post(base, taskInput({ externalId: "X-1" }));
    const duplicate = await fresh.owner.post(base, {
      ...taskInput({ externalId: "X-1" }),
      contractorEmail: "ghost@example.com",
    });
    expect(duplicate.status).toBe(409);
    const ghost = await t.context.database.db
      .selectFrom("users")
      .select("id")
      .where("email", "=", "ghost@example.com")
      .executeTakeFirst();
    expect(ghost).toBeUndefined();
  });

  it("invites from a draft being edited too", async () => {
    const fresh = await buildTeam(t);
    const created = await fresh.owner.post(`/api/companies/${fresh.company.id}/tasks`, taskInput());
    const res = await fresh.owner.patch(`/api/companies/${fresh.company.id}/tasks/${created.json.id}`, {
      contractorEmail: "later@example.com",
    });
    expect(res.status, res.body).toBe(200);
    expect(res.json.contractor.email).toBe("later@example.com");
  });
});
