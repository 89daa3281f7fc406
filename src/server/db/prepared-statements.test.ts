import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCompany } from "../../../test/support/factories.ts";
import { createTestDatabase, type TestDatabase } from "../../../test/support/test-database.ts";

// On PostgreSQL every read that lists its columns runs as a named prepared statement, kept by each
// connection; on SQLite each statement text is prepared once too. What a user would notice: an answer that
// changes, or a read that starts failing after a migration.
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.destroy());

const nameOf = (companyId: string) =>
  t.database.db.selectFrom("companies").select(["id", "name"]).where("id", "=", companyId);

describe("statements run again and again", () => {
  it("answer each run with its own parameters", async () => {
    const { db } = t.database;
    const a = await buildCompany(db, { name: "Alpha" });
    const b = await buildCompany(db, { name: "Beta" });
    for (let i = 0; i < 12; i++) {
      expect(await nameOf(a.id).executeTakeFirst()).toEqual({ id: a.id, name: "Alpha" });
      expect(await nameOf(b.id).executeTakeFirst()).toEqual({ id: b.id, name: "Beta" });
    }
    // Another text with the same shape of parameters is another statement.
    const ids = await db.selectFrom("companies").select("id").where("name", "=", "Beta").execute();
    expect(ids).toEqual([{ id: b.id }]);
  });

  it("read many ids at once", async () => {
    const { db } = t.database;
    const companies = [];
    for (let i = 0; i < 3; i++) companies.push(await buildCompany(db, { name: `Many ${i}` }));
    const wanted = [...companies.map((c) => c.id), ...Array.from({ length: 97 }, (_, i) => `none-${i}`)];
    for (let i = 0; i < 3; i++) {
      const rows = await db.selectFrom("companies").select("name").where("id", "in", wanted).execute();
      expect(rows.map((r) => r.name).sort()).toEqual(["Many 0", "Many 1", "Many 2"]);
    }
  });

  it("keep answering after a migration adds a column, `select *` with the new column", async () => {
    const { db } = t.database;
    const company = await buildCompany(db, { name: "Before" });
    const all = () => db.selectFrom("companies").selectAll().where("id", "=", company.id).executeTakeFirst();
    // Run often enough on every connection of the pool to be prepared (and planned generically) everywhere.
    await Promise.all(
      Array.from({ length: 40 }, async () => {
        await nameOf(company.id).executeTakeFirst();
        await all();
      }),
    );
    await sql`ALTER TABLE companies ADD COLUMN added_later text`.execute(db);
    const after = await Promise.all(
      Array.from({ length: 40 }, async () => ({
        named: await nameOf(company.id).executeTakeFirst(),
        all: await all(),
      })),
    );
    for (const { named, all } of after) {
      expect(named).toEqual({ id: company.id, name: "Before" });
      expect(all).toMatchObject({ id: company.id, name: "Before", added_later: null });
    }
  });
});
