import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  buildMembership,
  buildUser,
  GOOD_PASSWORD,
  signedInClient,
  signedInCompany,
} from "../../../test/support/factories.ts";
import { tokenFromLastMail } from "../../../test/support/mail.ts";
import { listenLocally, openEventStream, type SseStream } from "../../../test/support/sse.ts";
import { setUpTestApp } from "../../../test/support/test-app.ts";
import { uniqueEmail } from "../../../test/support/unique.ts";
import { hashPassword } from "../auth/passwords.ts";

const t = setUpTestApp();
const members = (cid: string) => `/api/companies/${cid}/members`;
let base: string;
const open: SseStream[] = [];
beforeAll(async () => {
  base = await listenLocally(t.app);
});
afterAll(() => {
  for (const stream of open) stream.close();
});

describe("team members", () => {
  it("an owner adds a manager by email; the new account chooses a password from the emailed link and signs in", async () => {
    const { company, client } = await signedInCompany(t, "Team Co");
    const email = uniqueEmail("new.manager");
    const added = await client.post(members(company.id), {
      email: `  ${email.toUpperCase()} `,
      role: "manager",
    });
    expect(added.status).toBe(201);
    expect(added.json).toMatchObject({ email, role: "manager" });

    const token = await tokenFromLastMail(t, email, "/set-password");
    const browser = t.client();
    const set = await browser.post("/api/auth/set-password", { token, password: GOOD_PASSWORD });
    expect(set.status).toBe(200);
    const me = await browser.get("/api/me");
    expect(me.json.companies).toEqual([{ id: company.id, name: "Team Co", role: "manager" }]);
    // A manager invites contractors, but sees no team.
    const invite = await browser.post(`/api/companies/${company.id}/contractors/invitations`, {
      emails: uniqueEmail("worker"),
    });
    expect(invite.status).toBe(200);
    expect((await browser.get(members(company.id))).status).toBe(403);
    expect((await browser.get(`/api/companies/${company.id}/settings`)).status).toBe(403);
  });

  it("answers the same for an existing account, which is added and told by email with no credential", async () => {
    const { company, client } = await signedInCompany(t);
    const existing = await buildUser(t.context.database.db, {
      passwordHash: await hashPassword(GOOD_PASSWORD),
    });
    const fresh = uniqueEmail("fresh");
    const a = await client.post(members(company.id), { email: existing.email, role: "owner" });
    const b = await client.post(members(company.id), { email: fresh, role: "owner" });
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(Object.keys(a.json).sort()).toEqual(Object.keys(b.json).sort());
    await t.deliverMail();
    const mail = t.smtp.mailsTo(existing.email).at(-1);
    expect(mail?.subject).toMatch(/added you to its team/);
    expect(mail?.links.some((l) => l.includes("token="))).toBe(false);
    const list = await client.get(members(company.id));
    expect(list.json.items.map((m: { email: string }) => m.email)).toEqual(
      expect.arrayContaining([existing.email, fresh]),
    );
    const again = await client.post(members(company.id), { email: existing.email, role: "manager" });
    expect(again.status).toBe(409);
    expect(again.json.errors[0].field).toBe("email");
  });

  it("names the field of a bad address and writes nothing", async () => {
    const { company, client } = await signedInCompany(t);
    const res = await client.post(members(company.id), { email: "not an address", role: "manager" });
    expect(res.status).toBe(400);
    expect(res.json.errors[0].field).toBe("email");
    expect((await client.get(members(company.id))).json.items).toHaveLength(1);
  });

  it("records the team's changes in the audit trail, through the web door", async () => {
    const { company, client, owner } = await signedInCompany(t);
    const email = uniqueEmail("audited");
    const added = await client.post(members(company.id), { email, role: "manager" });
    await client.patch(`${members(company.id)}/${added.json.userId}`, { role: "owner" });
    await client.delete(`${members(company.id)}/${added.json.userId}`);
    const rows = await t.context.database.db
      .selectFrom("audit_entries")
      .select(["action", "door", "actor_user_id"])
      .where("company_id", "=", company.id)
      .orderBy("id")
      .execute();
    expect(rows).toEqual([
      { action: "member.added", door: "web", actor_user_id: owner.id },
      { action: "member.role_changed", door: "web", actor_user_id: owner.id },
      { action: "member.removed", door: "web", actor_user_id: owner.id },
    ]);
  });
});

describe("roles and the last owner", () => {
  it("refuses to demote, remove or let leave the last owner (409 saying what to do)", async () => {
    const { company, client, owner } = await signedInCompany(t);
    const demote = await client.patch(`${members(company.id)}/${owner.id}`, { role: "manager" });
    expect(demote.status).toBe(409);
    expect(demote.json.detail).toMatch(/Make another member an owner first/);
    const leave = await client.delete(`${members(company.id)}/${owner.id}`);
    expect(leave.status).toBe(409);
    expect((await client.get(members(company.id))).json.items).toEqual([
      expect.objectContaining({ userId: owner.id, role: "owner" }),
    ]);
  });

  it("hands the company over: another member made owner, the first may then leave", async () => {
    const { company, client, owner } = await signedInCompany(t);
    const next = await buildUser(t.context.database.db);
    await buildMembership(t.context.database.db, company.id, next, "manager");
    const promoted = await client.patch(`${members(company.id)}/${next.id}`, { role: "owner" });
    expect(promoted.status).toBe(200);
    expect(promoted.json.role).toBe("owner");
    expect((await client.delete(`${members(company.id)}/${owner.id}`)).status).toBe(204);
    expect((await client.get(`/api/companies/${company.id}/contractors`)).status).toBe(404);
    const nextClient = await signedInClient(t, next);
    expect((await nextClient.get(members(company.id))).json.items).toEqual([
      expect.objectContaining({ userId: next.id, role: "owner" }),
    ]);
  });

  it("a manager cannot change roles or remove others, but may leave", async () => {
    const { company, owner } = await signedInCompany(t);
    const manager = await buildUser(t.context.database.db);
    await buildMembership(t.context.database.db, company.id, manager, "manager");
    const client = await signedInClient(t, manager);
    expect((await client.patch(`${members(company.id)}/${manager.id}`, { role: "owner" })).status).toBe(403);
    expect((await client.delete(`${members(company.id)}/${owner.id}`)).status).toBe(403);
    expect((await client.delete(`${members(company.id)}/${manager.id}`)).status).toBe(204);
    expect((await client.get(`/api/companies/${company.id}/tasks`)).status).toBe(404);
  });

  it("another company's member or id is a 404", async () => {
    const ours = await signedInCompany(t);
    const theirs = await signedInCompany(t);
    expect((await ours.client.get(members(theirs.company.id))).status).toBe(404);
    expect((await ours.client.delete(`${members(ours.company.id)}/${theirs.owner.id}`)).status).toBe(404);
    expect(
      (await ours.client.patch(`${members(ours.company.id)}/${theirs.owner.id}`, { role: "owner" })).status,
    ).toBe(404);
  });
});

describe("removing a member ends their access at once", () => {
  it("their next request is a 404 and their live stream stops hearing the company", async () => {
    const { company, client } = await signedInCompany(t);
    const { db } = t.context.database;
    const manager = await buildUser(db);
    await buildMembership(db, company.id, manager, "manager");
    const managerClient = await signedInClient(t, manager);
    const stream = await openEventStream(base, managerClient.cookies);
    open.push(stream);
    const companyEvent = (label: string) =>
      t.context.bus.publish({
        name: "contractor.updated",
        audience: { companyId: company.id },
        data: { companyId: label, refetch: true },
      });
    await companyEvent("before");
    await stream.waitFor((e) => e.data?.companyId === "before");

    expect((await client.delete(`${members(company.id)}/${manager.id}`)).status).toBe(204);
    expect((await managerClient.get(`/api/companies/${company.id}/contractors`)).status).toBe(404);
    // The removal signalled the streams to re-check: give the re-check its query, far less than the 2 s round.
    await new Promise((r) => setTimeout(r, 200));
    await companyEvent("after");
    await t.context.bus.publish({
      name: "task.updated",
      audience: { userIds: [manager.id] },
      data: { companyId: "marker", refetch: true },
    });
    await stream.waitFor((e) => e.data?.companyId === "marker");
    expect(stream.events.some((e) => e.data?.companyId === "after")).toBe(false);
    expect(stream.ended).toBe(false);
  });
});

describe("company name", () => {
  it("an owner renames the company; an empty name is refused naming the field", async () => {
    const { company, client } = await signedInCompany(t, "Old Name");
    const renamed = await client.patch(`/api/companies/${company.id}/settings`, { name: "  New   Name " });
    expect(renamed.json).toEqual({ id: company.id, name: "New Name" });
    expect((await client.get("/api/me")).json.companies[0].name).toBe("New Name");
    const empty = await client.patch(`/api/companies/${company.id}/settings`, { name: "  " });
    expect(empty.status).toBe(400);
    expect(empty.json.errors[0].field).toBe("name");
  });
});
