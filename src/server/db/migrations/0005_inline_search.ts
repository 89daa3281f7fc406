import { type Kysely, sql } from "kysely";
import { searchTextOf } from "../../../common/search.ts";
import type { Dialect } from "../connection.ts";

const BATCH = 1000;

/**
 * Each contractor and task keeps its search words on the row (`search_text`, " word word …"), and the
 * list indexes carry them: a search for a common word walks the list newest first and tests each entry's
 * words without another read (see `chooseSearchPlan`).
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  for (const table of ["contractors", "tasks"]) {
    await db.schema
      .alterTable(table)
      .addColumn("search_text", "text", (c) => c.notNull().defaultTo(""))
      .execute();
  }
  await backfill(db, "contractors", (after) =>
    sql<{ id: string; a: string; b: string }>`
      select c.id, u.name as a, u.email as b from contractors c join users u on u.id = c.user_id
      where c.id > ${after} order by c.id limit ${BATCH}`.execute(db),
  );
  await backfill(db, "tasks", (after) =>
    sql<{ id: string; a: string; b: null }>`
      select id, title as a, null as b from tasks where id > ${after} order by id limit ${BATCH}`.execute(db),
  );

  await db.schema.dropIndex("contractors_company_status").execute();
  await db.schema.dropIndex("contractors_company_id").execute();
  await db.schema
    .createIndex("contractors_company_status")
    .on("contractors")
    .columns(["company_id", "status", "id", "search_text"])
    .execute();
  await db.schema
    .createIndex("contractors_company_id")
    .on("contractors")
    .columns(["company_id", "id", "status", "search_text"])
    .execute();

  await db.schema.dropIndex("tasks_company_status").execute();
  await db.schema.dropIndex("tasks_company_id").execute();
  await db.schema
    .createIndex("tasks_company_status")
    .on("tasks")
    .columns(["company_id", "status", "id", "search_text"])
    .execute();
  await db.schema
    .createIndex("tasks_company_id")
    .on("tasks")
    .columns(["company_id", "id", "search_text"])
    .execute();
}

async function backfill(
  db: Kysely<unknown>,
  table: "contractors" | "tasks",
  batchAfter: (id: string) => Promise<{ rows: Array<{ id: string; a: string; b: string | null }> }>,
) {
  let after = "";
  for (;;) {
    const { rows } = await batchAfter(after);
    for (const row of rows) {
      await sql`update ${sql.table(table)} set search_text = ${searchTextOf(row.a, row.b)} where id = ${row.id}`.execute(
        db,
      );
    }
    const last = rows[rows.length - 1];
    if (!last || rows.length < BATCH) return;
    after = last.id;
  }
}
