import { describe, expect, it } from "vitest";
import {
  buildMembership,
  buildUser,
  signedInClient,
  signedInCompany,
  taskInput,
} from "../../../test/support/factories.ts";
import { csvFile } from "../../../test/support/import-files.ts";
import { multipartBody, waitForImport } from "../../../test/support/imports.ts";
import { setUpTestApp, type TestClient } from "../../../test/support/test-app.ts";
import { uniqueEmail } from "../../../test/support/unique.ts";

const t = setUpTestApp();

function postWithKey(client: TestClient, url: string, key: string, body: unknown) {
  return client.request({
    method: "POST",
    url,
    headers: { "idempotency-key": key },
    payload: body as object,
  });
}

async function taskCount(companyId: string): Promise<number> {
  const rows = await t.context.database.db
    .selectFrom("tasks")
    .select("id")
    .where("company_id", "=", companyId)
    .execute();
  return rows.length;
}

describe("Idempotency-Key", () => {
  it("replays the first answer (status and body) to the same key with the same task, creating one task", async () => {
    const { company, client } = await signedInCompany(t);
    const url = `/api/companies/${company.id}/tasks`;
    const first = await postWithKey(client, url, "task-1", taskInput({ title: "Only once" }));
    const again = await postWithKey(client, url, "task-1", taskInput({ title: "Only once" }));
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toBe(first.body);
    expect(again.headers["idempotent-replayed"]).toBe("true");
    expect(first.headers["idempotent-replayed"]).toBeUndefined();
    expect(await taskCount(company.id)).toBe(1);
  });

  it("answers 422 naming the header to the same key with another body, and creates nothing", async () => {
    const { company, client } = await signedInCompany(t);
    const url = `/api/companies/${company.id}/tasks`;
    await postWithKey(client, url, "task-2", taskInput({ title: "First" }));
    const other = await postWithKey(client, url, "task-2", taskInput({ title: "Second" }));
    expect(other.status).toBe(422);
    expect(other.headers["content-type"]).toMatch(/application\/problem\+json/);
    expect(other.json.errors[0].field).toBe("Idempotency-Key");
    expect(await taskCount(company.id)).toBe(1);
  });

  it("replays invitations: the second call invites nobody again", async () => {
    const { company, client } = await signedInCompany(t);
    const url = `/api/companies/${company.id}/contractors/invitations`;
    const email = uniqueEmail("once");
    const first = await postWithKey(client, url, "inv-1", { emails: email });
    const again = await postWithKey(client, url, "inv-1", { emails: email });
    expect(again.status).toBe(200);
    expect(again.json).toEqual(first.json);
    const mails = await t.context.database.db
      .selectFrom("outbox_emails")
      .select("id")
      .where("recipient", "=", email)
      .execute();
    expect(mails).toHaveLength(1);
  });

  it("replays an import's upload of the same file: one import", async () => {
    const { company, client } = await signedInCompany(t);
    const file = csvFile([
      ["title", "amount", "currency"],
      ["Imported once", "10.00", "USD"],
    ]);
    const upload = () => {
      const { payload, headers } = multipartBody("tasks.csv", file);
      return client.request({
        method: "POST",
        url: `/api/companies/${company.id}/task-imports`,
        payload,
        headers: { ...headers, "idempotency-key": "import-1" },
      });
    };
    const first = await upload();
    expect(first.status, first.body).toBe(202);
    const again = await upload();
    expect(again.status).toBe(202);
    expect(again.json.id).toBe(first.json.id);
    await waitForImport(client, company.id, first.json.id);
    const imports = await t.context.database.db
      .selectFrom("task_imports")
      .select("id")
      .where("company_id", "=", company.id)
      .execute();
    expect(imports).toHaveLength(1);
  });

  it("keeps keys per company and per person: another member's same key is a new request", async () => {
    const { company, client } = await signedInCompany(t);
    const manager = await buildUser(t.context.database.db);
    await buildMembership(t.context.database.db, company.id, manager, "manager");
    const other = await signedInClient(t, manager);
    const url = `/api/companies/${company.id}/tasks`;
    expect((await postWithKey(client, url, "shared", taskInput())).status).toBe(201);
    const theirs = await postWithKey(other, url, "shared", taskInput());
    expect(theirs.status).toBe(201);
    expect(theirs.headers["idempotent-replayed"]).toBeUndefined();
    expect(await taskCount(company.id)).toBe(2);
  });

  it("forgets keys after 24 hours: the expired row is swept and the key works again", async () => {
    const { company, client } = await signedInCompany(t);
    const url = `/api/companies/${company.id}/tasks`;
    await postWithKey(client, url, "old-key", taskInput({ title: "Yesterday" }));
    const { db } = t.context.database;
    await db
      .updateTable("idempotency_keys")
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where("key", "=", "old-key")
      .execute();
    const today = await postWithKey(client, url, "old-key", taskInput({ title: "Today" }));
    expect(today.status).toBe(201);
    expect(today.headers["idempotent-replayed"]).toBeUndefined();
    const rows = await db
      .selectFrom("idempotency_keys")
      .select(["expires_at"])
      .where("key", "=", "old-key")
      .execute();
    expect(rows).toHaveLength(1);
    expect(Date.parse(rows[0]?.expires_at ?? "")).toBeGreaterThan(Date.now() + 23 * 3600 * 1000);
  });

  it("answers a refused request the same way again, creating nothing, and refuses a key that is too long", async () => {
    const { company, client } = await signedInCompany(t);
    const url = `/api/companies/${company.id}/tasks`;
    const bad = taskInput({ title: "" });
    const first = await postWithKey(client, url, "bad-1", bad);
    expect(first.status).toBe(400);
    const again = await postWithKey(client, url, "bad-1", bad);
    expect(again.status).toBe(400);
    expect(again.body).toBe(first.body);
    const long = await postWithKey(client, url, "k".repeat(300), taskInput());
    expect(long.status).toBe(400);
    expect(await taskCount(company.id)).toBe(0);
  });

  it("answers 409 while the first request with the key is still running", async () => {
    const { company, client } = await signedInCompany(t);
    const url = `/api/companies/${company.id}/tasks`;
    await postWithKey(client, url, "running", taskInput());
    // As if the first request had claimed the key and not answered yet.
    await t.context.database.db
      .updateTable("idempotency_keys")
      .set({ status: null, body: null })
      .where("key", "=", "running")
      .execute();
    const second = await postWithKey(client, url, "running", taskInput());
    expect(second.status).toBe(409);
    expect(second.json.detail).toMatch(/still running/);
    expect(await taskCount(company.id)).toBe(1);
  });
});
