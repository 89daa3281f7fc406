import { beforeAll, describe, expect, it } from "vitest";
import { sessionTokenOf } from "../../../test/support/accounts.ts";
import {
  buildCompany,
  buildContractor,
  buildInvitationToken,
  buildLink,
  buildSession,
  buildUser,
  GOOD_PASSWORD,
} from "../../../test/support/factories.ts";
import { rowOf } from "../../../test/support/rows.ts";
import { setUpTestApp } from "../../../test/support/test-app.ts";
import type { Visitor } from "../kernel/actors.ts";
import { transact } from "../kernel/transaction.ts";
import { findLiveToken } from "./auth-tokens.ts";
import { hashPassword, verifyPassword } from "./passwords.ts";
import { findSessionUser } from "./sessions.ts";
import { setPassword } from "./set-password.ts";

const t = setUpTestApp();
let passwordHash: string;
beforeAll(async () => {
  passwordHash = await hashPassword(GOOD_PASSWORD);
});

const visitor: Visitor = { ip: "10.0.0.4", sessionId: null, userId: null };
const setWith = (token: string, by: Visitor = visitor) =>
  transact(t.context, (tx) => setPassword(tx, by, { token, passwordHash }));

describe("setPassword", () => {
  it("sets the password a recovery link was sent for", async () => {
    const { db } = t.context.database;
    const user = await buildUser(db);
    await setWith(await buildLink(db, user, "recovery"));
    const { password_hash } = await rowOf(t, "users", user.id);
    expect(await verifyPassword(password_hash, GOOD_PASSWORD)).toBe(true);
  });

  it("signs the person in with a new session", async () => {
    const { db } = t.context.database;
    const user = await buildUser(db);
    const sessionToken = sessionTokenOf(await setWith(await buildLink(db, user, "recovery")));
    expect((await findSessionUser(db, sessionToken))?.user.id).toBe(user.id);
  });

  it("ends every session the account had", async () => {
    const { db } = t.context.database;
    const user = await buildUser(db);
    const before = await buildSession(db, user);
    await setWith(await buildLink(db, user, "recovery"));
    expect(await findSessionUser(db, before.token)).toBeNull();
  });

  it("ends the session the browser held, of whatever account", async () => {
    const { db } = t.context.database;
    const other = await buildUser(db);
    const held = await buildSession(db, other);
    const user = await buildUser(db);
    await setWith(await buildLink(db, user, "recovery"), {
      ...visitor,
      sessionId: held.id,
      userId: other.id,
    });
    expect(await findSessionUser(db, held.token)).toBeNull();
  });

  it("works once: the same link again is 410", async () => {
    const { db } = t.context.database;
    const link = await buildLink(db, await buildUser(db), "recovery");
    await setWith(link);
    await expect(setWith(link)).rejects.toMatchObject({ status: 410 });
  });

  it("kills the account's other links", async () => {
    const { db } = t.context.database;
    const user = await buildUser(db);
    const older = await buildLink(db, user, "recovery");
    await setWith(await buildLink(db, user, "recovery"));
    await expect(findLiveToken(db, older)).rejects.toMatchObject({ status: 410 });
  });

  it("refuses an email-confirmation link with 400 naming the token, and leaves it usable", async () => {
    const { db } = t.context.database;
    const confirmation = await buildLink(db, await buildUser(db, { verified: false }), "verification");
    await expect(setWith(confirmation)).rejects.toMatchObject({
      status: 400,
      extra: { errors: [{ field: "token" }] },
    });
    expect((await findLiveToken(db, confirmation)).purpose).toBe("verification");
  });

  it("accepts the invitation of an invited account without a password, naming the company joined", async () => {
    const { db } = t.context.database;
    const company = await buildCompany(db, { name: "Initech" });
    const user = await buildUser(db, { passwordHash: null, verified: false });
    const contractor = await buildContractor(db, { companyId: company.id, user });
    const { joined } = await setWith(await buildInvitationToken(db, contractor));
    expect(joined).toEqual([{ companyId: company.id, companyName: "Initech" }]);
  });

  it("leaves the invitations of an account that had a password pending after a recovery", async () => {
    const { db } = t.context.database;
    const company = await buildCompany(db);
    const user = await buildUser(db);
    const contractor = await buildContractor(db, { companyId: company.id, user });
    await setWith(await buildLink(db, user, "recovery"));
    expect((await rowOf(t, "contractors", contractor.id)).accepted_at).toBeNull();
  });

  it("refuses the join link of an account that has a password with 410, and leaves it usable", async () => {
    const { db } = t.context.database;
    const company = await buildCompany(db);
    const contractor = await buildContractor(db, { companyId: company.id, user: await buildUser(db) });
    const join = await buildInvitationToken(db, contractor);
    await expect(setWith(join)).rejects.toMatchObject({ status: 410 });
    expect((await findLiveToken(db, join)).purpose).toBe("join");
  });
});
