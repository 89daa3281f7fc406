import { describe, expect, it } from "vitest";
import {
  buildCompany,
  buildContractor,
  buildInvitationToken,
  buildUser,
} from "../../../test/support/factories.ts";
import { setUpTestApp } from "../../../test/support/test-app.ts";
import { findLiveToken } from "../auth/auth-tokens.ts";
import type { ContractorStatus, UsersTable } from "../db/types.ts";
import { transact } from "../kernel/transaction.ts";
import { acceptInvitationInApp } from "./accept-invitation-in-app.ts";

const t = setUpTestApp();

const accept = (user: UsersTable, contractorId: string) =>
  transact(t.context, (tx) => acceptInvitationInApp(tx, user, { contractorId }));

/** A relation of `user` with a new company, Invited unless told otherwise. */
async function relationOf(user: UsersTable, status: ContractorStatus = "invited") {
  const { db } = t.context.database;
  const company = await buildCompany(db, { name: "Hooli" });
  return buildContractor(db, { companyId: company.id, user, status });
}

describe("acceptInvitationInApp", () => {
  it("accepts a pending invitation of an account whose address is verified", async () => {
    const user = await buildUser(t.context.database.db, { verified: true });
    const { id } = await relationOf(user);
    expect(await accept(user, id)).toMatchObject({
      contractorId: id,
      companyName: "Hooli",
      status: "invited",
    });
  });

  it("kills the emailed link of the same invitation", async () => {
    const user = await buildUser(t.context.database.db);
    const relation = await relationOf(user);
    const token = await buildInvitationToken(t.context.database.db, relation);
    await accept(user, relation.id);
    await expect(findLiveToken(t.context.database.db, token)).rejects.toMatchObject({ status: 410 });
  });

  it("refuses an account whose address is not verified with 403", async () => {
    const user = await buildUser(t.context.database.db, { verified: false });
    const { id } = await relationOf(user);
    await expect(accept(user, id)).rejects.toMatchObject({ status: 403 });
  });

  it("finds nothing (404) for someone else's invitation, one answered already, or one removed", async () => {
    const user = await buildUser(t.context.database.db);
    const theirs = await relationOf(await buildUser(t.context.database.db));
    await expect(accept(user, theirs.id)).rejects.toMatchObject({ status: 404 });
    const answered = await relationOf(user);
    await accept(user, answered.id);
    await expect(accept(user, answered.id)).rejects.toMatchObject({ status: 404 });
    const removed = await relationOf(user, "removed");
    await expect(accept(user, removed.id)).rejects.toMatchObject({ status: 404 });
  });
});
