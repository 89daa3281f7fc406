import { describe, expect, it } from "vitest";
import {
  buildCompany,
  buildContractor,
  buildUser,
  COMPLETE_PROFILE,
} from "../../../test/support/factories.ts";
import { rowOf } from "../../../test/support/rows.ts";
import { setUpTestApp } from "../../../test/support/test-app.ts";
import type { UsersTable } from "../db/types.ts";
import { transact } from "../kernel/transaction.ts";
import { type ProfileInput, saveProfile } from "./save-profile.ts";

const t = setUpTestApp();

const save = (user: UsersTable, input: ProfileInput = COMPLETE_PROFILE) =>
  transact(t.context, (tx) => saveProfile(tx, user, input));

describe("saveProfile", () => {
  it("saves the information and answers it complete", async () => {
    const user = await buildUser(t.context.database.db);
    expect(await save(user)).toMatchObject({ ...COMPLETE_PROFILE, complete: true });
  });

  it("names the account after the first and last name saved", async () => {
    const user = await buildUser(t.context.database.db, { name: "someone" });
    await save(user);
    expect((await rowOf(t, "users", user.id)).name).toBe("Anna-Maria O'Connor");
  });

  it("replaces what was saved before", async () => {
    const user = await buildUser(t.context.database.db);
    await save(user);
    expect(await save(user, { ...COMPLETE_PROFILE, city: "Hamburg" })).toMatchObject({ city: "Hamburg" });
  });

  it("refuses missing information with 400 naming the field, saving nothing", async () => {
    const user = await buildUser(t.context.database.db, { name: "Kept Name" });
    const { taxId: _, ...withoutTaxId } = COMPLETE_PROFILE;
    await expect(save(user, withoutTaxId)).rejects.toMatchObject({
      status: 400,
      extra: { errors: [{ field: "taxId" }] },
    });
    expect((await rowOf(t, "users", user.id)).name).toBe("Kept Name");
  });

  it("makes a contractor who accepted an invitation Active in that company", async () => {
    const { db } = t.context.database;
    const company = await buildCompany(db);
    const contractor = await buildContractor(db, { companyId: company.id, accepted: true });
    await save(contractor.user);
    expect((await rowOf(t, "contractors", contractor.id)).status).toBe("active");
  });

  it("leaves a contractor who has not accepted the invitation Invited", async () => {
    const { db } = t.context.database;
    const company = await buildCompany(db);
    const contractor = await buildContractor(db, { companyId: company.id });
    await save(contractor.user);
    expect((await rowOf(t, "contractors", contractor.id)).status).toBe("invited");
  });
});
