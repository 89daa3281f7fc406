import { type Kysely, sql } from "kysely";
import type { Dialect } from "../connection.ts";

/**
 * The task list's orders (src/common/task-sort.ts): by deadline (undated last), by amount (within a
 * currency) and by status (the lifecycle's order), each way, a page at a time by keyset on the company's
 * tasks. Each index carries the status and the search words, so a status filter or a search walks it as the
 * newest-first list walks its own (migration 0005).
 *
 * The expressions are the ones src/server/tasks/task-order.ts writes, word for word: a database uses an
 * expression index only for the same expression. They are written here, not imported, so this migration
 * never changes after it has landed.
 */
export const STATUS_RANK =
  "case status when 'draft' then 0 when 'offered' then 1 when 'in_progress' then 2 when 'in_review' then 3" +
  " when 'completed' then 4 when 'declined' then 5 when 'cancelled' then 6 end";

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await sql`create index tasks_company_deadline on tasks (company_id, (coalesce(deadline, '9999-12-31')), id, status, search_text)`.execute(
    db,
  );
  await sql`create index tasks_company_amount on tasks (company_id, currency, amount_minor, id, status, search_text)`.execute(
    db,
  );
  await sql`create index tasks_company_status_rank on tasks (company_id, (${sql.raw(STATUS_RANK)}), id, status, search_text)`.execute(
    db,
  );
}
