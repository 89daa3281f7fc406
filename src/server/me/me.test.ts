import { describe, expect, it } from "vitest";
import {
  buildCompany,
  buildContractor,
  buildMembership,
  buildProfile,
  buildUser,
  signedInClient,
} from "../../../test/support/factories.ts";
import { setUpTestApp } from "../../../test/support/test-app.ts";

const t = setUpTestApp();

describe("GET /api/me", () => {
  it("answers 401 when signed out", async () => {
    const res = await t.client().get("/api/me");
    expect(res.status).toBe(401);
    expect(res.json.status).toBe(401);
  });

  it("lists the companies a user runs with their role", async () => {
    const db = t.context.database.db;
    const owner = await buildUser(db, { name: "Olivia" });
    const mine = await buildCompany(db, { name: "Beta Works", owner });
    const managed = await buildCompany(db, { name: "Alpha Corp" });
    await buildMembership(db, managed.id, owner, "manager");
    await buildCompany(db, { name: "Not Mine" });
    const me = await (await signedInClient(t, owner)).get("/api/me");
    expect(me.headers["cache-control"]).toBe("no-store");
    expect(me.json).toEqual({
      user: { id: owner.id, email: owner.email, name: "Olivia", emailVerified: true, platformRole: null },
      companies: [
        { id: managed.id, name: "Alpha Corp", role: "manager" },
        { id: mine.id, name: "Beta Works", role: "owner" },
      ],
      contractorOf: [],
      pendingInvitations: [],
      profileComplete: false,
    });
  });

  it("lists accepted relations in contractorOf and pending ones only in pendingInvitations; never removed ones", async () => {
    const db = t.context.database.db;
    const user = await buildUser(db, { verified: true });
    const a = await buildCompany(db, { name: "A Pending" });
    const b = await buildCompany(db, { name: "B Active" });
    const c = await buildCompany(db, { name: "C Removed" });
    const d = await buildCompany(db, { name: "D Accepted" });
    const { id: pending } = await buildContractor(db, { companyId: a.id, user });
    await buildContractor(db, { companyId: b.id, user, status: "active" });
    await buildContractor(db, { companyId: c.id, user, status: "removed" });
    await buildContractor(db, { companyId: d.id, user, accepted: true });
    const me = await (await signedInClient(t, user)).get("/api/me");
    expect(me.json.contractorOf).toEqual([
      { companyId: b.id, companyName: "B Active", status: "active" },
      { companyId: d.id, companyName: "D Accepted", status: "invited" },
    ]);
    expect(me.json.pendingInvitations).toEqual([{ contractorId: pending, companyName: "A Pending" }]);
  });

  it("shows no company at all to an account that never proved its address: neither contractorOf nor pendingInvitations", async () => {
    const db = t.context.database.db;
    const user = await buildUser(db, { verified: false });
    const company = await buildCompany(db, { name: "Careful Co" });
    await buildContractor(db, { companyId: company.id, user });
    const me = await (await signedInClient(t, user)).get("/api/me");
    expect(me.json.contractorOf).toEqual([]);
    expect(me.json.pendingInvitations).toEqual([]);
  });

  it("says whether the required information is complete", async () => {
    const db = t.context.database.db;
    const user = await buildUser(db);
    const client = await signedInClient(t, user);
    expect((await client.get("/api/me")).json.profileComplete).toBe(false);
    await buildProfile(db, user);
    expect((await client.get("/api/me")).json.profileComplete).toBe(true);
  });
});
