import { type Kysely, sql } from "kysely";
import { searchTermsOf, searchTextOf } from "../../../common/search.ts";
import type { Dialect } from "../connection.ts";

const BATCH = 1000;

/**
 * A company sees only what it was given: each company–contractor relation keeps the name that company shows
 * (`contractors.name`): the display name it typed, else the address's local part, and once the contractor
 * accepted and completed the required information, their legal name. Never the account's own name, never a
 * name another company typed. Existing relations take the legal name where that holds and the local part
 * otherwise; their search words are rebuilt from it.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .alterTable("contractors")
    .addColumn("name", "text", (c) => c.notNull().defaultTo(""))
    .execute();
  let after = "";
  for (;;) {
    const { rows } = await sql<{
      id: string;
      company_id: string;
      email: string;
      legal: string | null;
    }>`
      select c.id, c.company_id, u.email,
        case when c.accepted_at is not null and c.status != 'removed' and p.completed_at is not null
          then p.first_name || ' ' || p.last_name end as legal
      from contractors c
      join users u on u.id = c.user_id
      left join contractor_profiles p on p.user_id = c.user_id
      where c.id > ${after} order by c.id limit ${BATCH}`.execute(db);
    for (const row of rows) {
      const name = row.legal ?? row.email.slice(0, row.email.lastIndexOf("@"));
      await sql`update contractors set name = ${name}, search_text = ${searchTextOf(name, row.email)}
        where id = ${row.id}`.execute(db);
      await sql`delete from search_terms where entity = 'contractor' and entity_id = ${row.id}`.execute(db);
      for (const term of searchTermsOf(name, row.email)) {
        await sql`insert into search_terms (entity, entity_id, company_id, term)
          values ('contractor', ${row.id}, ${row.company_id}, ${term})`.execute(db);
      }
    }
    const last = rows[rows.length - 1];
    if (!last || rows.length < BATCH) return;
    after = last.id;
  }
}
