import { describe, expect, it } from "vitest";
import { buildCompany, buildMembership, buildUser, ownerOf } from "../../../test/support/factories.ts";
import { setUpTestApp } from "../../../test/support/test-app.ts";
import { transact } from "../kernel/transaction.ts";
import { changeMemberRole } from "./change-member-role.ts";
import { removeMember } from "./remove-member.ts";

const t = setUpTestApp();

async function twoOwners() {
  const { db } = t.context.database;
  const company = await buildCompany(db);
  const second = await buildUser(db);
  await buildMembership(db, company.id, second, "owner");
  return { company, first: company.owner, second };
}

const owners = (companyId: string) =>
  t.context.database.db
    .selectFrom("memberships")
    .select("user_id")
    .where("company_id", "=", companyId)
    .where("role", "=", "owner")
    .execute();

describe("changeMemberRole", () => {
  it("two owners demoting each other at once leave exactly one owner: the second is refused with 409", async () => {
    const { company, first, second } = await twoOwners();
    const asFirst = { ...ownerOf({ company }), role: "owner" as const };
    const asSecond = { companyId: company.id, userId: second.id, role: "owner" as const };
    const outcomes = await Promise.allSettled([
      transact(t.context, (tx) => changeMemberRole(tx, asFirst, { userId: second.id, role: "manager" })),
      transact(t.context, (tx) => changeMemberRole(tx, asSecond, { userId: first.id, role: "manager" })),
    ]);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    const refused = outcomes.find((o) => o.status === "rejected");
    expect((refused as PromiseRejectedResult).reason.status).toBe(409);
    expect(await owners(company.id)).toHaveLength(1);
  });

  it("records nothing when the role does not change", async () => {
    const { company, second } = await twoOwners();
    const member = await transact(t.context, (tx) =>
      changeMemberRole(tx, ownerOf({ company }), { userId: second.id, role: "owner" }),
    );
    expect(member.role).toBe("owner");
    const entries = await t.context.database.db
      .selectFrom("audit_entries")
      .select("id")
      .where("company_id", "=", company.id)
      .execute();
    expect(entries).toEqual([]);
  });
});

describe("removeMember", () => {
  it("two owners removing each other at once leave exactly one owner", async () => {
    const { company, first, second } = await twoOwners();
    const asFirst = { ...ownerOf({ company }), role: "owner" as const };
    const asSecond = { companyId: company.id, userId: second.id, role: "owner" as const };
    const outcomes = await Promise.allSettled([
      transact(t.context, (tx) => removeMember(tx, asFirst, { userId: second.id })),
      transact(t.context, (tx) => removeMember(tx, asSecond, { userId: first.id })),
    ]);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    expect(await owners(company.id)).toHaveLength(1);
  });

  it("an API token never 'leaves': removing its creator needs an owner token", async () => {
    const { company, first } = await twoOwners();
    const managerToken = {
      companyId: company.id,
      userId: first.id,
      role: "manager" as const,
      door: "api" as const,
      tokenId: "t1",
    };
    await expect(
      transact(t.context, (tx) => removeMember(tx, managerToken, { userId: first.id })),
    ).rejects.toMatchObject({ status: 403 });
  });
});
