import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildUser } from "../../../test/support/factories.ts";
import { startTestApp, type TestApp, type TestResponse } from "../../../test/support/test-app.ts";
import { hashPassword } from "./passwords.ts";
import { GOOD_PASSWORD } from "./testing.ts";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({
    RATE_LIMIT_SIGN_IN_ACCOUNT_MAX: "3",
    RATE_LIMIT_SIGN_IN_IP_MAX: "5",
    RATE_LIMIT_RECOVERY_ACCOUNT_MAX: "2",
    RATE_LIMIT_RECOVERY_IP_MAX: "4",
    RATE_LIMIT_SIGN_UP_IP_MAX: "2",
    RATE_LIMIT_SIGN_UP_IP_WINDOW_SECONDS: "600",
  });
  await buildUser(t.context.database.db, {
    email: "target@example.com",
    passwordHash: await hashPassword(GOOD_PASSWORD),
  });
});
afterAll(() => t.close());

function expectLimited(res: TestResponse, maxSeconds: number) {
  expect(res.status).toBe(429);
  expect(res.headers["content-type"]).toContain("application/problem+json");
  const retryAfter = Number(res.headers["retry-after"]);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(maxSeconds);
}

describe("rate limits", () => {
  it("limits sign-in attempts per account, from any address, known or not, alike", async () => {
    for (const email of ["target@example.com", "unknown@example.com"]) {
      const answers: number[] = [];
      for (let i = 0; i < 3; i++) {
        answers.push((await t.client().post("/api/auth/sign-in", { email, password: "wrong guess" })).status);
      }
      expect(answers).toEqual([401, 401, 401]);
      const limited = await t.client().post("/api/auth/sign-in", { email, password: GOOD_PASSWORD });
      expectLimited(limited, 15 * 60);
    }
  });

  it("limits sign-in attempts per IP across accounts", async () => {
    const attacker = t.client({ ip: "192.0.2.7" });
    for (let i = 0; i < 5; i++) {
      expect(
        (await attacker.post("/api/auth/sign-in", { email: `spray${i}@example.com`, password: "x1234567" }))
          .status,
      ).toBe(401);
    }
    expectLimited(
      await attacker.post("/api/auth/sign-in", { email: "spray9@example.com", password: "x1234567" }),
      15 * 60,
    );
    // Another address is not affected.
    expect(
      (
        await t
          .client({ ip: "192.0.2.8" })
          .post("/api/auth/sign-in", { email: "spray9@example.com", password: "x1234567" })
      ).status,
    ).toBe(401);
  });

  it("limits recovery per account, answering the same for an unknown address", async () => {
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 3; i++) {
      known.push(
        (await t.client().post("/api/auth/password-recovery", { email: "target@example.com" })).status,
      );
      unknown.push(
        (await t.client().post("/api/auth/password-recovery", { email: "nobody.here@example.com" })).status,
      );
    }
    expect(known).toEqual([202, 202, 429]);
    expect(unknown).toEqual(known);
    expectLimited(
      await t.client().post("/api/auth/password-recovery", { email: "Target@Example.com" }),
      3600,
    );
  });

  it("limits recovery per IP", async () => {
    const client = t.client({ ip: "198.51.100.1" });
    for (let i = 0; i < 4; i++) {
      expect((await client.post("/api/auth/password-recovery", { email: `r${i}@example.com` })).status).toBe(
        202,
      );
    }
    expectLimited(await client.post("/api/auth/password-recovery", { email: "r9@example.com" }), 3600);
  });

  it("limits sign-ups per IP, with the window set through the environment", async () => {
    const client = t.client({ ip: "203.0.113.5" });
    for (let i = 0; i < 2; i++) {
      const res = await t.client({ ip: "203.0.113.5" }).post("/api/auth/sign-up", {
        accountType: "contractor",
        email: `bulk${i}@example.com`,
        password: GOOD_PASSWORD,
        name: "Bulk",
      });
      expect(res.status).toBe(201);
    }
    const res = await client.post("/api/auth/sign-up", {
      accountType: "contractor",
      email: "bulk9@example.com",
      password: GOOD_PASSWORD,
      name: "Bulk",
    });
    expectLimited(res, 600);
    const users = await t.context.database.db
      .selectFrom("users")
      .select("id")
      .where("email", "=", "bulk9@example.com")
      .execute();
    expect(users).toEqual([]);
  });
});
