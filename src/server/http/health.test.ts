import { describe, expect, it } from "vitest";
import { queueTestEmail } from "../../../test/support/mail.ts";
import { setUpTestApp } from "../../../test/support/test-app.ts";

const t = setUpTestApp();

describe("health", () => {
  it("answers ok once the app can serve, with the database checked and the outbox backlog", async () => {
    const queued = await queueTestEmail(t, "waiting@example.com");
    const res = await t.client().get("/api/health");
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      status: "ok",
      database: "ok",
      outbox: { queued: 1, oldestQueuedAt: expect.any(String) },
    });
    expect(Date.now() - Date.parse(res.json.outbox.oldestQueuedAt)).toBeLessThan(60_000);
    expect(queued.id).toBeTruthy();
  });
});
