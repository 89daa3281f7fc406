import { describe, expect, it } from "vitest";
import { accountHolder, withAuthenticator } from "../../../test/support/account.ts";
import {
  buildCompany,
  buildMembership,
  buildSession,
  signedInClient,
  taskInput,
} from "../../../test/support/factories.ts";
import { setUpTestApp } from "../../../test/support/test-app.ts";
import { TWO_STEP_REQUIRED_PROBLEM } from "../../common/account.ts";
import { readStreamAudiences } from "../auth/stream-audience.ts";

const t = setUpTestApp();

/** A company whose owner (with an authenticator) requires two-step sign-in, and a manager without one. */
async function companyRequiringTwoStep() {
  const db = t.context.database.db;
  const company = await buildCompany(db);
  await withAuthenticator(t, company.owner.id);
  const owner = await signedInClient(t, company.owner);
  const manager = await accountHolder(t);
  await buildMembership(db, company.id, manager.user, "manager");
  expect((await manager.client.get(`/api/companies/${company.id}/contractors`)).status).toBe(200);
  const put = await owner.put(`/api/companies/${company.id}/two-step-requirement`, { required: true });
  expect(put.status).toBe(204);
  return { company, owner, manager };
}

describe("a company that requires two-step sign-in, on the server", () => {
  it("closes the company's routes to a member without it, with a problem that says where to set it up", async () => {
    const { company, owner, manager } = await companyRequiringTwoStep();

    const refused = await manager.client.get(`/api/companies/${company.id}/contractors`);
    expect(refused.status).toBe(403);
    expect(refused.json.type).toBe(TWO_STEP_REQUIRED_PROBLEM);
    expect(refused.json.detail).toContain(company.name);
    expect(refused.json.detail).toContain("Account page");
    const write = await manager.client.post(`/api/companies/${company.id}/tasks`, taskInput());
    expect(write.status).toBe(403);
    expect(write.json.type).toBe(TWO_STEP_REQUIRED_PROBLEM);
    // The owner, who has a second step, keeps working.
    expect((await owner.get(`/api/companies/${company.id}/contractors`)).status).toBe(200);

    // What they need to set it up stays open.
    expect((await manager.client.get("/api/me")).status).toBe(200);
    const account = await manager.client.get("/api/account");
    expect(account.status).toBe(200);
    expect(account.json.twoStep.requiredBy).toEqual([company.name]);
    expect((await manager.client.post("/api/account/two-step/setup")).status).toBe(200);
  });

  it("opens them again once the member turns the second step on, or the owner stops requiring it", async () => {
    const { company, owner, manager } = await companyRequiringTwoStep();
    const path = `/api/companies/${company.id}/contractors`;
    expect((await manager.client.get(path)).status).toBe(403);

    await withAuthenticator(t, manager.user.id);
    expect((await manager.client.get(path)).status).toBe(200);

    const other = await accountHolder(t);
    await buildMembership(t.context.database.db, company.id, other.user, "manager");
    expect((await other.client.get(path)).status).toBe(403);
    await owner.put(`/api/companies/${company.id}/two-step-requirement`, { required: false });
    expect((await other.client.get(path)).status).toBe(200);
  });

  it("still answers 404 for another company's id, whatever that company requires", async () => {
    const { company } = await companyRequiringTwoStep();
    const stranger = await accountHolder(t);
    const res = await stranger.client.get(`/api/companies/${company.id}/contractors`);
    expect(res.status).toBe(404);
  });

  it("keeps the company's live events from a member without it", async () => {
    const { company, manager } = await companyRequiringTwoStep();
    const db = t.context.database.db;
    const session = await buildSession(db, manager.user);
    const before = await readStreamAudiences(db, [session.id], new Date());
    expect(before.get(session.id)?.companyIds).toEqual([]);
    await withAuthenticator(t, manager.user.id);
    const after = await readStreamAudiences(db, [session.id], new Date());
    expect(after.get(session.id)?.companyIds).toEqual([company.id]);
  });
});
