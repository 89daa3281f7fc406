import { describe, expect, it } from "vitest";
import { signUp } from "../../../test/support/accounts.ts";
import { buildLink, buildUser } from "../../../test/support/factories.ts";
import { outboxTo, tokenFromLastMail } from "../../../test/support/mail.ts";
import { setUpTestApp } from "../../../test/support/test-app.ts";
import type { UsersTable } from "../db/types.ts";
import { transact } from "../kernel/transaction.ts";
import { findLiveToken } from "./auth-tokens.ts";
import { resendVerificationEmail, VERIFICATION_RESENDS_PER_HOUR } from "./resend-verification.ts";

const t = setUpTestApp();

/** A browser that just signed up as `email`, its address not yet confirmed. */
async function signedUp(email: string) {
  const client = t.client();
  expect((await signUp(client, { email, name: "Vera Verify" })).status).toBe(201);
  return client;
}

describe("sending the email confirmation link again", () => {
  it("sends a new link that works, and the old one answers 410", async () => {
    const client = await signedUp("again@example.com");
    const first = await tokenFromLastMail(t, "again@example.com", "/verify-email");
    expect((await client.post("/api/auth/verification-email")).status).toBe(202);
    const second = await tokenFromLastMail(t, "again@example.com", "/verify-email");
    expect(second).not.toBe(first);
    expect((await client.post("/api/auth/verify-email", { token: first })).status).toBe(410);
    expect((await client.post("/api/auth/verify-email", { token: second })).status).toBe(200);
  });

  it("sends nothing once the address is confirmed", async () => {
    const client = await signedUp("done@example.com");
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
    const client = await signedUp("often@example.com");
    for (let i = 0; i < VERIFICATION_RESENDS_PER_HOUR; i++) {
      expect((await client.post("/api/auth/verification-email")).status).toBe(202);
    }
    const refused = await client.post("/api/auth/verification-email");
    expect(refused.status).toBe(429);
    expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0);
  });
});

describe("resendVerificationEmail", () => {
  const resend = (user: UsersTable) => transact(t.context, (tx) => resendVerificationEmail(tx, user));

  it("queues a new confirmation link to an account that has not confirmed its address", async () => {
    const user = await buildUser(t.context.database.db, { verified: false });
    await resend(user);
    expect(await outboxTo(t, user.email)).toMatchObject([{ template: "email-verification" }]);
  });

  it("kills the link sent before", async () => {
    const { db } = t.context.database;
    const user = await buildUser(db, { verified: false });
    const older = await buildLink(db, user, "verification");
    await resend(user);
    await expect(findLiveToken(db, older)).rejects.toMatchObject({ status: 410 });
  });

  it("queues nothing for an account whose address is confirmed", async () => {
    const user = await buildUser(t.context.database.db);
    await resend(user);
    expect(await outboxTo(t, user.email)).toEqual([]);
  });
});
