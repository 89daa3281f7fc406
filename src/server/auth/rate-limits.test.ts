import { beforeAll, describe, expect, it } from "vitest";
import { signUp } from "../../../test/support/accounts.ts";
import { buildUser, GOOD_PASSWORD } from "../../../test/support/factories.ts";
import { tokenFromLastMail } from "../../../test/support/mail.ts";
import { setUpTestApp, type TestResponse } from "../../../test/support/test-app.ts";
import { hashPassword } from "./passwords.ts";

const t = setUpTestApp({
  RATE_LIMIT_SIGN_IN_ACCOUNT_IP_MAX: "3",
  RATE_LIMIT_SIGN_IN_ACCOUNT_MAX: "5",
  RATE_LIMIT_SIGN_IN_IP_MAX: "8",
  RATE_LIMIT_RECOVERY_ACCOUNT_MAX: "2",
  RATE_LIMIT_RECOVERY_IP_MAX: "4",
  RATE_LIMIT_SIGN_UP_IP_MAX: "2",
  RATE_LIMIT_SIGN_UP_IP_WINDOW_SECONDS: "600",
});
beforeAll(async () => {
  await buildUser(t.context.database.db, {
    email: "target@example.com",
    passwordHash: await hashPassword(GOOD_PASSWORD),
  });
});

let ipNo = 0;
/** A browser at an address no other test uses. */
const freshAddress = () => `203.0.113.${++ipNo}`;

async function signInAt(ip: string, email: string, password: string): Promise<number> {
  return (await t.client({ ip }).post("/api/auth/sign-in", { email, password })).status;
}

async function owner(email: string): Promise<void> {
  await buildUser(t.context.database.db, { email, passwordHash: await hashPassword(GOOD_PASSWORD) });
}

function expectLimited(res: TestResponse, maxSeconds: number) {
  expect(res.status).toBe(429);
  expect(res.headers["content-type"]).toContain("application/problem+json");
  const retryAfter = Number(res.headers["retry-after"]);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(maxSeconds);
}

describe("rate limits", () => {
  it("limits failed sign-ins per account and address pair: a stranger's guesses do not stop the owner", async () => {
    await owner("pair@example.com");
    const usual = freshAddress();
    expect(await signInAt(usual, "pair@example.com", GOOD_PASSWORD)).toBe(200);

    const stranger = freshAddress();
    const guesses: number[] = [];
    for (let i = 0; i < 3; i++) guesses.push(await signInAt(stranger, "pair@example.com", `guess ${i}`));
    expect(guesses).toEqual([401, 401, 401]);
    const limited = await t.client({ ip: stranger }).post("/api/auth/sign-in", {
      email: "pair@example.com",
      password: GOOD_PASSWORD,
    });
    expectLimited(limited, 15 * 60);

    // The owner, from their usual address and from a new one, is not throttled by the stranger.
    expect(await signInAt(usual, "pair@example.com", GOOD_PASSWORD)).toBe(200);
    expect(await signInAt(freshAddress(), "pair@example.com", GOOD_PASSWORD)).toBe(200);
  });

  it("stops a crowd of addresses at the wider per-account ceiling, while the owner's usual address still signs in", async () => {
    await owner("crowd@example.com");
    const usual = freshAddress();
    expect(await signInAt(usual, "crowd@example.com", GOOD_PASSWORD)).toBe(200);

    const crowd: number[] = [];
    for (let i = 0; i < 5; i++) crowd.push(await signInAt(freshAddress(), "crowd@example.com", `guess ${i}`));
    expect(crowd).toEqual([401, 401, 401, 401, 401]);
    // The ceiling is spent: a new address is refused before its password is even checked.
    expectLimited(
      await t.client({ ip: freshAddress() }).post("/api/auth/sign-in", {
        email: "crowd@example.com",
        password: GOOD_PASSWORD,
      }),
      15 * 60,
    );
    expect(await signInAt(usual, "crowd@example.com", GOOD_PASSWORD)).toBe(200);
  });

  it("keeps recovery working while sign-in is throttled", async () => {
    const email = "locked.out@example.com";
    await owner(email);
    for (let i = 0; i < 5; i++) await signInAt(freshAddress(), email, `guess ${i}`);
    expect(await signInAt(freshAddress(), email, GOOD_PASSWORD)).toBe(429);

    const browser = t.client({ ip: freshAddress() });
    expect((await browser.post("/api/auth/password-recovery", { email })).status).toBe(202);
    const token = await tokenFromLastMail(t, email, "/set-password");
    const res = await browser.post("/api/auth/set-password", {
      token,
      password: "a new and long passphrase",
    });
    expect(res.status).toBe(200);
    expect((await browser.get("/api/me")).status).toBe(200);
  });

  it("counts only failures: signing in again and again from one address is never throttled", async () => {
    await owner("often@example.com");
    const ip = freshAddress();
    const answers: number[] = [];
    for (let i = 0; i < 6; i++) answers.push(await signInAt(ip, "often@example.com", GOOD_PASSWORD));
    expect(answers).toEqual([200, 200, 200, 200, 200, 200]);
  });

  it("throttles an address with an account and one without alike, so a 429 reveals nothing", async () => {
    await owner("known.alike@example.com");
    const answers: number[][] = [];
    for (const email of ["known.alike@example.com", "unknown.alike@example.com"]) {
      const ip = freshAddress();
      const seen: number[] = [];
      // Three failures spend the pair; the fourth is refused before it counts against the account.
      for (let i = 0; i < 4; i++) seen.push(await signInAt(ip, email, "wrong guess"));
      // Two more failures from elsewhere reach the ceiling of five; then even the right password waits.
      for (let i = 0; i < 3; i++) seen.push(await signInAt(freshAddress(), email, "wrong guess"));
      seen.push(await signInAt(freshAddress(), email, GOOD_PASSWORD));
      answers.push(seen);
    }
    expect(answers[0]).toEqual([401, 401, 401, 429, 401, 401, 429, 429]);
    expect(answers[1]).toEqual(answers[0]);
  });

  it("limits sign-in attempts per IP across accounts", async () => {
    const attacker = t.client({ ip: "192.0.2.7" });
    for (let i = 0; i < 8; i++) {
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
      const res = await signUp(t.client({ ip: "203.0.113.5" }), {
        email: `bulk${i}@example.com`,
        name: "Bulk",
      });
      expect(res.status).toBe(201);
    }
    const res = await signUp(client, { email: "bulk9@example.com", name: "Bulk" });
    expectLimited(res, 600);
    const users = await t.context.database.db
      .selectFrom("users")
      .select("id")
      .where("email", "=", "bulk9@example.com")
      .execute();
    expect(users).toEqual([]);
  });
});
