import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GOOD_PASSWORD } from "../../../test/support/factories.ts";
import { tokenFromLastMail } from "../../../test/support/mail.ts";
import { startTestApp, type TestApp } from "../../../test/support/test-app.ts";
import { VERIFICATION_RESENDS_PER_HOUR } from "./resend-verification.ts";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

async function signUp(email: string) {
  const client = t.client();
  const res = await client.post("/api/auth/sign-up", {
    accountType: "contractor",
    email,
    password: GOOD_PASSWORD,
    name: "Vera Verify",
  });
  expect(res.status).toBe(201);
  return client;
}

describe("sending the email confirmation link again", () => {
  it("sends a new link that works, and the old one answers 410", async () => {
    const client = await signUp("again@example.com");
    const first = await tokenFromLastMail(t, "again@example.com", "/verify-email");
    expect((await client.post("/api/auth/verification-email")).status).toBe(202);
    const second = await tokenFromLastMail(t, "again@example.com", "/verify-email");
    expect(second).not.toBe(first);
    expect((await client.post("/api/auth/verify-email", { token: first })).status).toBe(410);
    expect((await client.post("/api/auth/verify-email", { token: second })).status).toBe(200);
  });

  it("sends nothing once the address is confirmed", async () => {
    const client = await signUp("done@example.com");
    const token = await tokenFromLastMail(t, "done@example.com", "/verify-email");
    expect((await client.post("/api/auth/verify-email", { token })).status).toBe(200);
    await t.deliverMail();
    const before = t.smtp.mailsTo("done@example.com").length;
    expect((await client.post("/api/auth/verification-email")).status).toBe(202);
    expect(await t.deliverMail()).toBe(0);
    expect(t.smtp.mailsTo("done@example.com")).toHaveLength(before);
  });

  it("needs a signed-in user and is rate limited", async () => {
    expect((await t.client().post("/api/auth/verification-email")).status).toBe(401);
    const client = await signUp("often@example.com");
    for (let i = 0; i < VERIFICATION_RESENDS_PER_HOUR; i++) {
      expect((await client.post("/api/auth/verification-email")).status).toBe(202);
    }
    const refused = await client.post("/api/auth/verification-email");
    expect(refused.status).toBe(429);
    expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0);
  });
});
