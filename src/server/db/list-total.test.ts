import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCompany, buildUser } from "../../../test/support/factories.ts";
import { startTestApp, type TestApp } from "../../../test/support/test-app.ts";
import { countUpTo } from "./list-total.ts";

let t: TestApp;
let companyId: string;
beforeAll(async () => {
  t = await startTestApp();
  const { db } = t.context.database;
  const company = await buildCompany(db);
  companyId = company.id;
  for (const name of ["Ann", "Bob", "Cy"]) {
    await db
      .insertInto("memberships")
      .values({
        company_id: companyId,
        user_id: (await buildUser(db, { name })).id,
        role: "manager",
        created_at: new Date().toISOString(),
      })
      .execute();
  }
});
afterAll(() => t.close());

const members = () =>
  t.context.database.db.selectFrom("memberships").select("user_id").where("company_id", "=", companyId);

describe("counting a list", () => {
  it("counts every match below the cap", async () => {
    expect(await countUpTo(t.context.database.db, members(), 10)).toEqual({ count: 4, capped: false });
  });

  it("stops at the cap and says there are this many or more", async () => {
    expect(await countUpTo(t.context.database.db, members(), 2)).toEqual({ count: 2, capped: true });
  });

  it("is not capped when the matches are exactly the cap", async () => {
    expect(await countUpTo(t.context.database.db, members(), 4)).toEqual({ count: 4, capped: false });
  });
});
