import { describe, expect, it } from "vitest";
import { buildSession, buildUser } from "../../../test/support/factories.ts";
import { setUpTestApp } from "../../../test/support/test-app.ts";
import type { Visitor } from "../kernel/actors.ts";
import { transact } from "../kernel/transaction.ts";
import { findSessionUser } from "./sessions.ts";
import { signOut } from "./sign-out.ts";

const t = setUpTestApp();

const signOutAs = (visitor: Visitor) => transact(t.context, (tx) => signOut(tx, visitor));
const visitorOf = (sessionId: string | null, userId: string | null): Visitor => ({
  ip: "10.0.0.1",
  sessionId,
  userId,
});

describe("signOut", () => {
  it("ends the browser's session", async () => {
    const { db } = t.context.database;
    const user = await buildUser(db);
    const session = await buildSession(db, user);
    await signOutAs(visitorOf(session.id, user.id));
    expect(await findSessionUser(db, session.token)).toBeNull();
  });

  it("leaves the account's sessions in other browsers open", async () => {
    const { db } = t.context.database;
    const user = await buildUser(db);
    const here = await buildSession(db, user);
    const elsewhere = await buildSession(db, user);
    await signOutAs(visitorOf(here.id, user.id));
    expect((await findSessionUser(db, elsewhere.token))?.user.id).toBe(user.id);
  });

  it("is not an error for a browser that holds no session", async () => {
    await expect(signOutAs(visitorOf(null, null))).resolves.toBeUndefined();
  });
});
