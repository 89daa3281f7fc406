import { describe, expect, it } from "vitest";
import { buildUser, GOOD_PASSWORD, signedInClient } from "../../../test/support/factories.ts";
import { setUpTestApp } from "../../../test/support/test-app.ts";
import { uniqueEmail } from "../../../test/support/unique.ts";
import { prepareDueExports } from "../account/worker.ts";

const t = setUpTestApp();

const withRequestId = (id: string) =>
  t.client().request({ method: "GET", url: "/api/health", headers: { "x-request-id": id } });

describe("request ids", () => {
  it("gives every answer its request's id, a new one when the caller sent none", async () => {
    const a = await t.client().get("/api/health");
    const b = await t.client().get("/api/health");
    expect(a.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(b.headers["x-request-id"]).not.toBe(a.headers["x-request-id"]);
  });

  it("keeps a sane X-Request-Id from a proxy, and replaces one that is too long or has odd characters", async () => {
    expect((await withRequestId("lb-7f3a.2:9_x")).headers["x-request-id"]).toBe("lb-7f3a.2:9_x");
    for (const odd of ["x".repeat(65), 'evil"quote', "a b", "{json}"]) {
      const answered = (await withRequestId(odd)).headers["x-request-id"];
      expect(answered).not.toBe(odd);
      expect(answered).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it("keeps the id of the request on the email it queued", async () => {
    const email = uniqueEmail("traced");
    const client = t.client();
    const res = await client.request({
      method: "POST",
      url: "/api/auth/sign-up",
      headers: { "x-request-id": "sign-up-trace-1" },
      payload: { accountType: "contractor", email, name: "Tracy", password: GOOD_PASSWORD },
    });
    expect(res.status).toBeLessThan(300);
    const row = await t.context.database.db
      .selectFrom("outbox_emails")
      .select(["request_id"])
      .where("recipient", "=", email)
      .executeTakeFirstOrThrow();
    expect(row.request_id).toBe("sign-up-trace-1");
  });

  it("keeps the id of the request on the job it queued, and on the email the job queues in turn", async () => {
    const user = await buildUser(t.context.database.db);
    const client = await signedInClient(t, user);
    const res = await client.request({
      method: "POST",
      url: "/api/account/exports",
      headers: { "x-request-id": "export-trace-1" },
    });
    expect(res.status).toBeLessThan(300);
    const job = await t.context.database.db
      .selectFrom("jobs")
      .select(["id", "request_id"])
      .where("kind", "=", "account-export")
      .orderBy("created_at", "desc")
      .executeTakeFirstOrThrow();
    expect(job.request_id).toBe("export-trace-1");
    await prepareDueExports(t.context);
    const mail = await t.context.database.db
      .selectFrom("outbox_emails")
      .select(["request_id"])
      .where("recipient", "=", user.email)
      .executeTakeFirstOrThrow();
    expect(mail.request_id).toBe("export-trace-1");
  });
});
