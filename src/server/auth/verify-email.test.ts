import { describe, expect, it } from "vitest";
import { buildLink, buildSession, buildUser } from "../../../test/support/factories.ts";
import { setUpTestApp } from "../../../test/support/test-app.ts";
import type { UsersTable } from "../db/types.ts";
import type { Visitor } from "../kernel/actors.ts";
import { transact } from "../kernel/transaction.ts";
import { findLiveToken } from "./auth-tokens.ts";
import { verifyEmail } from "./verify-email.ts";

const t = setUpTestApp();

const verify = (visitor: Visitor, token: string) =>
  transact(t.context, (tx) => verifyEmail(tx, visitor, { token }));
const stranger: Visitor = { ip: "10.0.0.2", sessionId: null, userId: null };

/** An account that has not confirmed its address, and a browser signed in to it. */
async function unconfirmed(): Promise<{ user: UsersTable; own: Visitor }> {
  const { db } = t.context.database;
  const user = await buildUser(db, { verified: false, name: "Una Unconfirmed" });
  const session = await buildSession(db, user);
  return { user, own: { ip: "10.0.0.3", sessionId: session.id, userId: user.id } };
}

describe("verifyEmail", () => {
  it("confirms the address of the account the link was sent to", async () => {
    const { user, own } = await unconfirmed();
    const link = await buildLink(t.context.database.db, user, "verification");
    const { user: after } = await verify(own, link);
    expect(after.email_verified_at).not.toBeNull();
  });

  it("keeps the account's name and password when confirmed in its own browser", async () => {
    const { user, own } = await unconfirmed();
    const link = await buildLink(t.context.database.db, user, "verification");
    const result = await verify(own, link);
    expect(result).toMatchObject({
      reset: false,
      user: { name: "Una Unconfirmed", password_hash: user.password_hash },
    });
  });

  it("starts an unconfirmed account again from its address when confirmed outside its sessions", async () => {
    const { user } = await unconfirmed();
    const link = await buildLink(t.context.database.db, user, "verification");
    const result = await verify(stranger, link);
    expect(result).toMatchObject({ reset: true, user: { password_hash: null } });
  });

  it("works once: the same link again is 410", async () => {
    const { user, own } = await unconfirmed();
    const link = await buildLink(t.context.database.db, user, "verification");
    await verify(own, link);
    await expect(verify(own, link)).rejects.toMatchObject({ status: 410 });
  });

  it("refuses a password link with 400 naming the token, and leaves it usable", async () => {
    const { user, own } = await unconfirmed();
    const { db } = t.context.database;
    const recovery = await buildLink(db, user, "recovery");
    await expect(verify(own, recovery)).rejects.toMatchObject({
      status: 400,
      extra: { errors: [{ field: "token" }] },
    });
    expect((await findLiveToken(db, recovery)).purpose).toBe("recovery");
  });
});
