import { describe, expect, it } from "vitest";
import { setUpTestApp } from "../../../test/support/test-app.ts";

const t = setUpTestApp();

describe("health", () => {
  it("answers ok once the app can serve", async () => {
    const res = await t.client().get("/api/health");
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ status: "ok" });
  });
});
