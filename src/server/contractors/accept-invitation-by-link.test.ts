import { describe, expect, it } from "vitest";
import { contractorOf, recordEvents } from "../../../test/support/events.ts";
import {
  type BuiltContractor,
  buildCompany,
  buildContractor,
  buildInvitationToken,
  buildProfile,
  buildUser,
} from "../../../test/support/factories.ts";
import { rowOf } from "../../../test/support/rows.ts";
import { setUpTestApp } from "../../../test/support/test-app.ts";
import { findLiveToken, issueToken } from "../auth/auth-tokens.ts";
import type { UsersTable } from "../db/types.ts";
import { transact } from "../kernel/transaction.ts";
import { acceptInvitationByLink } from "./accept-invitation-by-link.ts";

const t = setUpTestApp();

const accept = (user: UsersTable, token: string) =>
  transact(t.context, (tx) => acceptInvitationByLink(tx, user, { token }));

/** An Invited contractor of a new company, and the live link of their invitation. */
async function invitation(options: { user?: UsersTable } = {}): Promise<BuiltContractor & { token: string }> {
  const { db } = t.context.database;
  const company = await buildCompany(db, { name: "Initech" });
  const contractor = await buildContractor(db, { companyId: company.id, ...options });
  return { ...contractor, token: await buildInvitationToken(db, contractor) };
}

const acceptedAt = async (id: string) => (await rowOf(t, "contractors", id)).accepted_at;

describe("acceptInvitationByLink", () => {
  it("accepts the invitation of the signed-in invited account and answers the company", async () => {
    const { id, user, token } = await invitation();
    const answer = await accept(user, token);
    expect(answer).toMatchObject({ contractorId: id, companyName: "Initech", status: "invited" });
    expect(await acceptedAt(id)).not.toBeNull();
  });

  it("uses the link: a second use answers 410", async () => {
    const { user, token } = await invitation();
    await accept(user, token);
    await expect(findLiveToken(t.context.database.db, token)).rejects.toMatchObject({ status: 410 });
    await expect(accept(user, token)).rejects.toMatchObject({ status: 410 });
  });

  it("makes the contractor Active at once when their required information is complete", async () => {
    const user = await buildUser(t.context.database.db);
    await buildProfile(t.context.database.db, user);
    const { token } = await invitation({ user });
    expect((await accept(user, token)).status).toBe("active");
  });

  it("tells the company's open lists after the commit", async () => {
    const { id, user, token } = await invitation();
    const events = recordEvents(t);
    try {
      await accept(user, token);
      await events.waitFor((e) => contractorOf(e)?.id === id);
    } finally {
      events.stop();
    }
  });

  it("refuses someone signed in as another account with 403 and leaves the link usable", async () => {
    const { id, token } = await invitation();
    const someoneElse = await buildUser(t.context.database.db);
    await expect(accept(someoneElse, token)).rejects.toMatchObject({ status: 403 });
    expect(await acceptedAt(id)).toBeNull();
    await findLiveToken(t.context.database.db, token);
  });

  it("answers 410 for the link of a relation the company removed", async () => {
    const { db } = t.context.database;
    const company = await buildCompany(db);
    const removed = await buildContractor(db, { companyId: company.id, status: "removed" });
    await expect(accept(removed.user, await buildInvitationToken(db, removed))).rejects.toMatchObject({
      status: 410,
    });
  });

  it("answers 410 for a made-up token and for a link of another purpose", async () => {
    const { user } = await invitation();
    await expect(accept(user, "made-up")).rejects.toMatchObject({ status: 410 });
    const recovery = await issueToken(
      t.context.database.db,
      { purpose: "recovery", userId: user.id },
      new Date(),
    );
    await expect(accept(user, recovery)).rejects.toMatchObject({ status: 410 });
  });
});
