import { describe, expect, it } from "vitest";
import {
  buildMembership,
  buildUser,
  signedInClient,
  signedInCompany,
  taskInput,
} from "../../../test/support/factories.ts";
import { setUpTestApp, type TestApp } from "../../../test/support/test-app.ts";
import { uniqueEmail } from "../../../test/support/unique.ts";

const t = setUpTestApp({ RATE_LIMIT_BEARER_FAILURES_IP_MAX: "5" });
const tokens = (cid: string) => `/api/companies/${cid}/api-tokens`;

/** A client that sends only `Authorization: Bearer <token>`, as an integration does (no cookie, no Origin). */
function bearer(app: TestApp, token: string, ip = "203.0.113.10") {
  const client = app.client({ origin: null, ip });
  const send = (method: "GET" | "POST" | "PATCH" | "DELETE", url: string, body?: unknown, headers = {}) =>
    client.request({
      method,
      url,
      headers: { authorization: `Bearer ${token}`, ...headers },
      ...(body === undefined ? {} : { payload: body as object }),
    });
  return {
    get: (url: string) => send("GET", url),
    post: (url: string, body?: unknown, headers: Record<string, string> = {}) =>
      send("POST", url, body, headers),
    patch: (url: string, body?: unknown) => send("PATCH", url, body),
    delete: (url: string) => send("DELETE", url),
  };
}

async function companyWithToken(role: "owner" | "manager" = "manager") {
  const owners = await signedInCompany(t);
  const created = await owners.client.post(tokens(owners.company.id), { name: "Our ERP", role });
  expect(created.status).toBe(201);
  return { ...owners, token: created.json.token as string, apiToken: created.json.apiToken };
}

describe("API tokens", () => {
  it("shows the secret once, keeps only its hash, and lists name, role, created and last-used times", async () => {
    const { company, client, token, apiToken } = await companyWithToken();
    expect(token).toMatch(/^cdk_[A-Za-z0-9_-]{43}$/);
    expect(apiToken).toMatchObject({ name: "Our ERP", role: "manager", lastUsedAt: null, revokedAt: null });
    const row = await t.context.database.db
      .selectFrom("api_tokens")
      .selectAll()
      .where("id", "=", apiToken.id)
      .executeTakeFirstOrThrow();
    expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(token.slice(4));

    await bearer(t, token).get(`/api/companies/${company.id}/contractors`);
    const list = await client.get(tokens(company.id));
    expect(list.json.items).toEqual([
      expect.objectContaining({ id: apiToken.id, lastUsedAt: expect.any(String) }),
    ]);
    expect(JSON.stringify(list.json)).not.toContain(token);
  });

  it("acts as its company on contractor and task routes", async () => {
    const { company, token } = await companyWithToken();
    const api = bearer(t, token);
    const invited = await api.post(`/api/companies/${company.id}/contractors/invitations`, {
      emails: uniqueEmail("via.api"),
    });
    expect(invited.status).toBe(200);
    expect(invited.json.results[0].outcome).toBe("invited");
    const task = await api.post(`/api/companies/${company.id}/tasks`, taskInput({ title: "From the ERP" }));
    expect(task.status).toBe(201);
    expect(
      (await api.get(`/api/companies/${company.id}/tasks`)).json.items.map((x: { title: string }) => x.title),
    ).toContain("From the ERP");
  });

  it("records an owner token's changes through the api door, for the owner who created it", async () => {
    const { company, token, apiToken, owner } = await companyWithToken("owner");
    const added = await bearer(t, token).post(`/api/companies/${company.id}/members`, {
      email: uniqueEmail("by.api"),
      role: "manager",
    });
    expect(added.status).toBe(201);
    const audit = await t.context.database.db
      .selectFrom("audit_entries")
      .select(["door", "token_id", "actor_user_id"])
      .where("company_id", "=", company.id)
      .where("action", "=", "member.added")
      .execute();
    expect(audit).toEqual([{ door: "api", token_id: apiToken.id, actor_user_id: owner.id }]);
  });

  it("a revoked token gets 401", async () => {
    const { company, client, token, apiToken } = await companyWithToken();
    const api = bearer(t, token);
    expect((await api.get(`/api/companies/${company.id}/tasks`)).status).toBe(200);
    const revoked = await client.delete(`${tokens(company.id)}/${apiToken.id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.json.revokedAt).toEqual(expect.any(String));
    expect((await api.get(`/api/companies/${company.id}/tasks`)).status).toBe(401);
  });

  it("company A's token on company B is a 404", async () => {
    const a = await companyWithToken("owner");
    const b = await signedInCompany(t);
    const api = bearer(t, a.token);
    expect((await api.get(`/api/companies/${b.company.id}/contractors`)).status).toBe(404);
    expect((await api.post(`/api/companies/${b.company.id}/tasks`, taskInput())).status).toBe(404);
  });

  it("a manager token cannot manage members or tokens (403); an owner token can", async () => {
    const manager = await companyWithToken("manager");
    const api = bearer(t, manager.token);
    expect((await api.get(`/api/companies/${manager.company.id}/members`)).status).toBe(403);
    expect(
      (
        await api.post(`/api/companies/${manager.company.id}/members`, {
          email: uniqueEmail("m"),
          role: "manager",
        })
      ).status,
    ).toBe(403);
    expect((await api.get(tokens(manager.company.id))).status).toBe(403);
    expect((await api.post(tokens(manager.company.id), { name: "More", role: "owner" })).status).toBe(403);
    expect(
      (await api.delete(`/api/companies/${manager.company.id}/members/${manager.owner.id}`)).status,
    ).toBe(403);

    const owner = await companyWithToken("owner");
    expect((await bearer(t, owner.token).get(`/api/companies/${owner.company.id}/members`)).status).toBe(200);
  });

  it("is never accepted on routes of a person: /api/account, /api/me, the event stream", async () => {
    const { token } = await companyWithToken("owner");
    const api = bearer(t, token);
    expect((await api.get("/api/account/sessions")).status).toBe(401);
    expect((await api.get("/api/me")).status).toBe(401);
    expect((await api.get("/api/events")).status).toBe(401);
  });

  it("needs no Origin (no cookie), and a manager of the company cannot create one", async () => {
    const { company, token } = await companyWithToken();
    const task = await bearer(t, token).post(`/api/companies/${company.id}/tasks`, taskInput(), {
      origin: "https://elsewhere.example",
    });
    expect(task.status).toBe(201);
    const person = await buildUser(t.context.database.db);
    await buildMembership(t.context.database.db, company.id, person, "manager");
    const client = await signedInClient(t, person);
    expect((await client.post(tokens(company.id), { name: "Mine", role: "manager" })).status).toBe(403);
  });

  it("names the field of an empty name", async () => {
    const { company, client } = await signedInCompany(t);
    const res = await client.post(tokens(company.id), { name: " ", role: "manager" });
    expect(res.status).toBe(400);
    expect(res.json.errors[0].field).toBe("name");
  });

  it("rate-limits failed tokens per address (429 once spent)", async () => {
    const { company } = await signedInCompany(t);
    const wrong = bearer(t, "cdk_not-a-token", "198.51.100.77");
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await wrong.get(`/api/companies/${company.id}/tasks`)).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429]);
  });

  it("records creation and revocation in the audit trail", async () => {
    const { company, client, apiToken } = await companyWithToken();
    await client.delete(`${tokens(company.id)}/${apiToken.id}`);
    const rows = await t.context.database.db
      .selectFrom("audit_entries")
      .select(["action", "subject_id"])
      .where("company_id", "=", company.id)
      .orderBy("id")
      .execute();
    expect(rows).toEqual([
      { action: "api_token.created", subject_id: apiToken.id },
      { action: "api_token.revoked", subject_id: apiToken.id },
    ]);
  });
});

describe("the API documentation", () => {
  it("documents the bearer scheme and the Idempotency-Key header of the creating routes", async () => {
    const doc = (await t.client().get("/api/docs/json")).json;
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: "http", scheme: "bearer" });
    expect(doc.security).toContainEqual({ bearer: [] });
    const header = (path: string) =>
      doc.paths[path].post.parameters.find((p: { in: string; name: string }) => p.in === "header")?.name;
    expect(header("/api/companies/{cid}/tasks")).toBe("idempotency-key");
    expect(header("/api/companies/{cid}/contractors/invitations")).toBe("idempotency-key");
    expect(header("/api/companies/{cid}/task-imports")).toBe("idempotency-key");
    expect(header("/api/companies/{cid}/members")).toBe("idempotency-key");
  });
});
