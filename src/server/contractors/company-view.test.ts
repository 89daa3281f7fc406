import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contractorOf, recordEvents } from "../../../test/support/events.ts";
import {
  buildCompany,
  buildUser,
  COMPLETE_PROFILE,
  signedInClient,
  taskInput,
} from "../../../test/support/factories.ts";
import { invite } from "../../../test/support/invitations.ts";
import { startTestApp, type TestApp, type TestClient } from "../../../test/support/test-app.ts";
import { uniqueEmail } from "../../../test/support/unique.ts";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const localPart = (email: string) => email.slice(0, email.indexOf("@"));

/** A company (its owner confirmed) and its owner's client. */
async function company(name: string) {
  const built = await buildCompany(t.context.database.db, { name });
  return { ...built, owners: await signedInClient(t, built.owner) };
}

/** Invites `entry` ("Name <address>" or an address) and answers the new relation's id. */
async function invited(c: { id: string; owners: TestClient }, entry: string): Promise<string> {
  const res = await invite(c.owners, c.id, entry);
  expect(res.results[0]?.outcome).toBe("invited");
  return res.results[0]?.contractorId ?? "";
}

async function seen(c: { id: string; owners: TestClient }, contractorId: string) {
  return (await c.owners.get(`/api/companies/${c.id}/contractors/${contractorId}`)).json;
}

async function found(c: { id: string; owners: TestClient }, q: string): Promise<string[]> {
  const res = await c.owners.get(`/api/companies/${c.id}/contractors?q=${encodeURIComponent(q)}`);
  return res.json.items.map((i: { id: string }) => i.id);
}

/** An account that has been around: its own name, a password, a confirmed address and complete information. */
async function establishedAccount() {
  const user = await buildUser(t.context.database.db, { email: uniqueEmail("xavier"), name: "Xavier Own" });
  const client = await signedInClient(t, user);
  expect((await client.put("/api/me/profile", COMPLETE_PROFILE)).status).toBe(200);
  return { user, client };
}

describe("a company sees only what it was given", () => {
  it("before a contractor accepts, the company sees the display name it typed, else the address's local part: never the account's own name, never a name another company typed; its search finds only that", async () => {
    const { user } = await establishedAccount();
    const a = await company("Typing Co");
    const b = await company("Plain Co");
    const inA = await invited(a, `Typed By A <${user.email}>`);
    const inB = await invited(b, user.email);

    expect((await seen(a, inA)).name).toBe("Typed By A");
    expect((await seen(b, inB)).name).toBe(localPart(user.email));
    expect(await found(a, "typed")).toEqual([inA]);
    expect(await found(a, localPart(user.email))).toEqual([inA]);
    for (const q of ["xavier own", "anna", "connor"]) {
      expect(await found(a, q), q).toEqual([]);
      expect(await found(b, q), q).toEqual([]);
    }
    expect(await found(b, "typed")).toEqual([]);
    // The account itself is untouched.
    const account = await t.context.database.db
      .selectFrom("users")
      .select("name")
      .where("id", "=", user.id)
      .executeTakeFirstOrThrow();
    expect(account.name).toBe("Anna-Maria O'Connor");
  });

  it("after acceptance the company sees the legal name from the required information, and its search finds it", async () => {
    const { user, client } = await establishedAccount();
    const a = await company("Accepted Co");
    const b = await company("Waiting Co");
    const inA = await invited(a, `Someone <${user.email}>`);
    const inB = await invited(b, `Another Name <${user.email}>`);

    const accepted = await client.post(`/api/me/invitations/${inA}/accept`);
    expect(accepted.json.status).toBe("active");
    expect(await seen(a, inA)).toMatchObject({ name: "Anna-Maria O'Connor", status: "active" });
    expect(await found(a, "connor")).toEqual([inA]);
    expect(await found(a, "someone")).toEqual([]);
    // The company still waiting for an answer sees only what it typed.
    expect(await seen(b, inB)).toMatchObject({ name: "Another Name", status: "invited" });
    expect(await found(b, "connor")).toEqual([]);
  });

  it("saving a profile renames and notifies only the companies whose invitation was accepted and not removed", async () => {
    const { user, client } = await establishedAccount();
    const accepted = await company("Kept Co");
    const pending = await company("Pending Co");
    const removed = await company("Gone Co");
    const inAccepted = await invited(accepted, user.email);
    const inPending = await invited(pending, `Pending Typed <${user.email}>`);
    const inRemoved = await invited(removed, `Removed Typed <${user.email}>`);
    for (const id of [inAccepted, inRemoved])
      expect((await client.post(`/api/me/invitations/${id}/accept`)).status).toBe(200);
    expect(
      (await removed.owners.delete(`/api/companies/${removed.id}/contractors/${inRemoved}`)).status,
    ).toBe(204);

    const events = recordEvents(t);
    // Markers around the save: the events between them are the save's (the bus keeps their order).
    const marker = async (companyId: string) => {
      await t.context.bus.publish({
        name: "contractor.updated",
        audience: { companyId },
        data: { companyId, refetch: true },
      });
      await events.waitFor((e) => e.audience.companyId === companyId);
    };
    await marker("before-save");
    const saved = await client.put("/api/me/profile", { ...COMPLETE_PROFILE, lastName: "Renamed" });
    expect(saved.status).toBe(200);
    await marker("after-save");
    events.stop();
    const between = events.events.slice(
      events.events.findIndex((e) => e.audience.companyId === "before-save") + 1,
      events.events.findIndex((e) => e.audience.companyId === "after-save"),
    );
    const told = between.filter((e) => e.name === "contractor.updated");
    expect([...new Set(told.map((e) => e.audience.companyId))]).toEqual([accepted.id]);

    expect((await seen(accepted, inAccepted)).name).toBe("Anna-Maria Renamed");
    expect((await seen(pending, inPending)).name).toBe("Pending Typed");
    expect(await found(pending, "renamed")).toEqual([]);
    const gone = await removed.owners.get(`/api/companies/${removed.id}/contractors/${inRemoved}`);
    expect(gone.json.name).toBe("Anna-Maria O'Connor");
    expect(await found(removed, "renamed")).toEqual([]);
  });

  it("nothing in a contractor object tells whether the address had an account before the invitation", async () => {
    const { db } = t.context.database;
    const c = await company("Same Answer Co");
    // An account made a year ago, with a password, a confirmed address and its information, and a new address.
    const yearAgo = new Date(Date.now() - 365 * 24 * 3600 * 1000).toISOString();
    const { user } = await establishedAccount();
    await db
      .updateTable("users")
      .set({ created_at: yearAgo, email_verified_at: yearAgo, password_changed_at: yearAgo })
      .where("id", "=", user.id)
      .execute();
    const fresh = uniqueEmail("fresh");
    const events = recordEvents(t);
    const invitedAt = Date.now();
    const res = await invite(c.owners, c.id, `${user.email}, ${fresh}`);
    const [old, young] = res.results.map((r) => r.contractorId ?? "");
    const oldEvent = await events.waitFor((e) => contractorOf(e)?.id === old);
    events.stop();

    const a = await seen(c, old ?? "");
    const b = await seen(c, young ?? "");
    expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
    expect(Object.keys(a)).not.toContain("userId");
    expect(JSON.stringify(a)).not.toContain(user.id);
    expect(JSON.stringify(oldEvent.data)).not.toContain(user.id);
    expect(a).toMatchObject({ name: localPart(user.email), status: "invited", activatedAt: null });
    expect(b).toMatchObject({ name: localPart(fresh), status: "invited", activatedAt: null });
    expect(a.invitationEmail).toEqual(b.invitationEmail);
    // Every time in it is the invitation's own, none from the account's past.
    for (const time of JSON.stringify(a).match(/\d{4}-\d\d-\d\dT[\d:.]+Z/g) ?? []) {
      expect(Date.parse(time)).toBeGreaterThanOrEqual(invitedAt - 1000);
    }
    // The task object's contractor says no more.
    const task = await c.owners.post(`/api/companies/${c.id}/tasks`, taskInput({ contractorId: old }));
    expect(Object.keys(task.json.contractor).sort()).toEqual(["email", "id", "name", "status"]);
    expect(task.json.contractor.name).toBe(localPart(user.email));
  });
});
